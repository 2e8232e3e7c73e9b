// The one exception type of the core library.
//
// The core never prints. Anything that stops the work (an unreadable file, a malformed record, a
// bad manifest) is thrown as an Error whose message is the whole sentence the user should see,
// already naming the file and line. The command line catches it in one place and turns it into
// `tracediff: error: <message>` and exit code 2.
//
// A message is made printable (printable.hpp) here, once for all: a name it quotes shows a NUL,
// an escape sequence, a line end or a byte that is not UTF-8 as \xNN, never raw and never cut
// short (what() ends at the first NUL).
#pragma once

#include "tracediff/printable.hpp"

#include <stdexcept>
#include <string>

namespace tracediff {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(printable(message)) {}

    // A message of several lines (a line, then an excerpt of the input and a caret under it):
    // its line ends are kept. Whatever it quotes must be made printable by the caller.
    enum class Lines { several };
    Error(const std::string& message, Lines /*several*/)
        : std::runtime_error(printable(message, "\n")) {}
};

} // namespace tracediff
