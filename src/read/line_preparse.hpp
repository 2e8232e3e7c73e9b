// Reading one trace on two threads (ReadOptions::threads): while the parser reads the first half
// of a block of lines, another thread reads the step records of the second half on the fast
// path, and the parser then takes those results in order instead of parsing the lines itself.
// A result is what the parser's own fast path gives for that line, so the trace is the same;
// every line the fast path does not take goes to the tolerant path as before.
#pragma once

#include "tracediff/read/fast_line.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace tracediff {

class LinePreparse {
public:
    LinePreparse(const std::vector<std::string>& fields, const std::string& step_key);
    ~LinePreparse(); // waits for the thread
    LinePreparse(const LinePreparse&) = delete;
    LinePreparse& operator=(const LinePreparse&) = delete;

    // Starts reading `lines` (whole lines, each ending with '\n' but perhaps the last, followed
    // by k_line_padding readable bytes that stay valid until wait()) on the other thread.
    void start(std::string_view lines);
    // Waits until the lines of start() are read.
    void wait();
    // The i-th physical line of those lines: true when the fast path read it as a step record,
    // with its step, its values and their decimals (one each per field).
    bool step_of(std::size_t i, std::int64_t& step, const double*& values,
                 const std::int8_t*& decimals) const;

private:
    void read(std::string_view lines);

    FastLineParser m_fast;
    std::size_t m_columns;
    std::thread m_thread;
    std::vector<char> m_read;
    std::vector<std::int64_t> m_steps;
    std::vector<double> m_values;
    std::vector<std::int8_t> m_decimals;
};

} // namespace tracediff
