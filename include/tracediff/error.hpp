// The one exception type of the core library.
//
// The core never prints. Anything that stops the work (an unreadable file, a malformed record, a
// bad manifest) is thrown as an Error whose message is the whole sentence the user should see,
// already naming the file and line. The command line catches it in one place and turns it into
// `tracediff: error: <message>` and exit code 2.
#pragma once

#include <stdexcept>
#include <string>

namespace tracediff {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

} // namespace tracediff
