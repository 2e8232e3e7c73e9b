// Numbers on the reader's fast path: every value bit-identical to what strtod reads, whatever
// the spelling; long mantissas and numbers that underflow left to the tolerant path.
#include "tracediff/error.hpp"
#include "tracediff/read/fast_line.hpp"
#include "tracediff/read/read_trace.hpp"
#include "tracediff/read/trace_parser.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "../../support/random_traces.hpp"
#include "../../support/read_both_ways.hpp"

namespace tracediff {
namespace {

using testing::describe;
using testing::expect_same;
using testing::Mode;
using testing::Outcome;
using testing::printf_string;
using testing::random_number_text;
using testing::random_step_line;
using testing::random_trace;
using testing::random_value;
using testing::read_text;

TEST(FastReader, LongMantissasAreReadCorrectly) {
    const char* numbers[] = {"0.000199999990000000474974513", "0.1999999990000000474974513",
                             "0.000399999989999999494757503"};
    std::string text = "{\"step\":0,\"loss\":0}\n";
    for (int i = 0; i < 3; ++i) {
        text += "{\"step\":" + std::to_string(i + 1) + ",\"loss\":" + numbers[i] + "}\n";
    }
    const Outcome o = expect_same(text);
    ASSERT_TRUE(o.trace) << o.error;
    const auto& values = o.trace->field("loss").series.values;
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(values[static_cast<std::size_t>(i) + 1], std::strtod(numbers[i], nullptr))
            << numbers[i];
    }
}

TEST(FastReader, ValuesAreBitIdenticalToStrtod) {
    std::mt19937_64 rng(7);
    std::string text = "{\"step\":0,\"loss\":0}\n";
    std::vector<std::string> written;
    for (int i = 1; i <= 20000; ++i) {
        std::string number;
        do {
            number = random_number_text(rng, random_value(rng));
        } while (number == "NaN" || number == "Infinity" || number == "-Infinity" ||
                 number == "null" || std::isinf(std::strtod(number.c_str(), nullptr)));
        written.push_back(number);
        text += "{\"kind\":\"step\",\"step\":" + std::to_string(i) + ",\"loss\":" + number + "}\n";
    }
    const Outcome o = expect_same(text);
    ASSERT_TRUE(o.trace) << o.error;
    // Numbers with more than 19 significant digits, and numbers too small for a double
    // (strtod reads 0 or a subnormal, with ERANGE), go to the tolerant path.
    const auto significant = [](const std::string& w) {
        const std::string mantissa = w.substr(0, w.find_first_of("eE"));
        const auto first = mantissa.find_first_of("123456789");
        if (first == std::string::npos) {
            return std::size_t{0};
        }
        const std::string rest = mantissa.substr(first);
        return static_cast<std::size_t>(
            std::count_if(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; }));
    };
    const auto integer_in_range = [](const std::string& w) {
        if (w.find_first_of(".eE") != std::string::npos) {
            return false;
        }
        errno = 0;
        if (w.front() == '-') {
            (void)std::strtoll(w.c_str(), nullptr, 10);
        } else {
            (void)std::strtoull(w.c_str(), nullptr, 10);
        }
        return errno == 0;
    };
    const auto underflows = [](const std::string& w) {
        errno = 0;
        const double d = std::strtod(w.c_str(), nullptr);
        return errno == ERANGE && d == 0.0;
    };
    const auto long_ones = static_cast<std::size_t>(
        std::count_if(written.begin(), written.end(), [&](const std::string& w) {
            return (significant(w) > 19 && !integer_in_range(w)) || underflows(w);
        }));
    EXPECT_EQ(o.fast_records, written.size() - long_ones);
    const auto& values = o.trace->field("loss").series.values;
    ASSERT_EQ(values.size(), written.size() + 1);
    for (std::size_t i = 0; i < written.size(); ++i) {
        const std::string& w = written[i];
        double expected = std::strtod(w.c_str(), nullptr);
        const bool integer = w.find_first_of(".eE") == std::string::npos;
        if (integer && w.front() == '-' && expected == 0.0) {
            expected = 0.0; // "-0" is the integer 0, as JSON libraries read it
        }
        EXPECT_EQ(std::bit_cast<std::uint64_t>(values[i + 1]),
                  std::bit_cast<std::uint64_t>(expected))
            << w;
    }
}

// Reads `text`, a record of step 0 then one per number written (the loss), both ways, and
// checks that every record took the fast path and every loss is the double strtod gives.
void expect_read_as_strtod(const std::string& text, const std::vector<std::string>& written,
                           std::size_t at_least) {
    const Outcome o = expect_same(text);
    ASSERT_TRUE(o.trace) << o.error;
    EXPECT_EQ(o.fast_records, written.size());
    EXPECT_GT(written.size(), at_least);
    const auto& values = o.trace->field("loss").series.values;
    ASSERT_EQ(values.size(), written.size() + 1);
    for (std::size_t i = 0; i < written.size(); ++i) {
        EXPECT_EQ(std::bit_cast<std::uint64_t>(values[i + 1]),
                  std::bit_cast<std::uint64_t>(std::strtod(written[i].c_str(), nullptr)))
            << written[i];
    }
}

// Decimals of up to 16 significant digits and 22 decimals whose digits make at most 2^53,
// which the fast path reads as the quotient of two exact doubles, and their neighbours (more
// digits, a larger integer), which it gives to from_chars: every value is the double strtod
// gives, on lines shaped alike (read at once).
TEST(FastReader, ShortDecimalsAreReadExactly) {
    std::mt19937_64 rng(15);
    std::string text = "{\"step\":0,\"loss\":0}\n";
    // At 2^53 = 9007199254740992 and either side of it.
    std::vector<std::string> written = {"9.007199254740991", "9.007199254740992",
                                        "9.007199254740993", "-900719925474099.3",
                                        "0.0000009007199254740993"};
    for (std::size_t i = 0; i < written.size(); ++i) {
        text += "{\"step\":" + std::to_string(i + 1) + ",\"loss\":" + written[i] + "}\n";
    }
    for (int i = 10; i <= 20000; ++i) {
        const int int_digits = static_cast<int>(rng() % 4);    // 0: "0."
        const int fraction = 1 + static_cast<int>(rng() % 22); // 1 to 22 decimals
        std::string number = (rng() % 4 == 0) ? "-" : "";
        if (int_digits == 0) {
            number += "0";
        } else {
            number += static_cast<char>('1' + rng() % 9);
            for (int d = 1; d < int_digits; ++d) {
                number += static_cast<char>('0' + rng() % 10);
            }
        }
        number += '.';
        // Leading zeros after "0.", and no more than 19 significant digits in all.
        const int zeros =
            int_digits == 0 ? std::max(static_cast<int>(rng() % (fraction + 1)), fraction - 19) : 0;
        if (int_digits + fraction - zeros > 19) {
            continue;
        }
        for (int d = 0; d < fraction; ++d) {
            number += d < zeros ? '0' : static_cast<char>('0' + rng() % 10);
        }
        written.push_back(number);
        text += "{\"step\":" + std::to_string(i) + ",\"loss\":" + number + "}\n";
    }
    expect_read_as_strtod(text, written, 10000);
}

// Decimals of 17 to 19 significant digits, which the fast path reads as a quotient in x87's
// extended precision, rounded twice: values written near the point halfway between two
// doubles (where a second rounding can go wrong), in decades from 1e-7 to 1e6 and with up to
// 27 decimals, and edge cases. Every value is the double strtod gives.
TEST(FastReader, LongDecimalsNearHalfwayAreReadExactly) {
    std::mt19937_64 rng(17);
    std::string text = "{\"step\":0,\"loss\":0}\n";
    std::vector<std::string> written;
    const auto add = [&](const std::string& number) {
        written.push_back(number);
        text += "{\"step\":" + std::to_string(written.size()) + ",\"loss\":" + number + "}\n";
    };
    // Exact halfway points (ties to even, both ways), either side of a power of two, zeros
    // with many decimals, 26 to 28 decimals, and digits at and next to 2^63.
    for (const char* number : {"9007199254740993.0",
                               "9007199254740995.0",
                               "4503599627370496.5",
                               "4503599627370497.5",
                               "1125899906842624.125",
                               "1125899906842624.375",
                               "18014398509481986.0",
                               "1.000000000000000111",
                               "1.999999999999999889",
                               "2.000000000000000222",
                               "0.999999999999999944",
                               "0.999999999999999945",
                               "1048575.999999999941",
                               "1048575.999999999942",
                               "1099511627776.000122",
                               "1099511627776.000123",
                               "-0.0000000000000000000000000",
                               "0.000000000000000000000000000",
                               "-0.00000000000000000000000000000",
                               "0.00000000000000000000000001",
                               "0.000000000000000000000000001",
                               "0.000000001234567890123456789",
                               "0.0000000001234567890123456789",
                               "922337203685477580.7",
                               "922337203685477580.8",
                               "0.9223372036854775807",
                               "0.9223372036854775808",
                               "123456789012345678.5",
                               "9007199254740993.5"}) {
        add(number);
    }
    std::uniform_real_distribution<double> unit(1.0, 10.0);
    for (int i = 0; i < 30000; ++i) {
        const int decade = static_cast<int>(rng() % 14) - 7; // the value is in [10^decade, ..)
        const double d = unit(rng) * std::pow(10.0, decade);
        const double next = std::nextafter(d, 2.0 * d);
        // Halfway between d and the next double (exact in extended precision), or d itself.
        const long double target =
            i % 3 == 0 ? static_cast<long double>(d)
                       : static_cast<long double>(d) +
                             (static_cast<long double>(next) - static_cast<long double>(d)) / 2;
        const int significant = 17 + static_cast<int>(rng() % 3);
        const int decimals = significant - 1 - decade;
        if (decimals < 1 || decimals > 27) {
            continue;
        }
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.*Lf", decimals, target);
        std::string number = rng() % 4 == 0 ? "-" : "";
        number += buffer;
        add(number);
    }
    expect_read_as_strtod(text, written, 20000);
}

} // namespace
} // namespace tracediff
