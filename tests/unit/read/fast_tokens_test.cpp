// The fast path's look at a number token (src/read/fast_tokens.hpp): exact shapes of the
// tokens the demo traces hold and of those at the edges, and the one-look scan against the
// byte-at-a-time one on every short token over a small alphabet.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../../../src/read/fast_tokens.hpp"

namespace tracediff::fast_tokens {
namespace {

// The shape as text, so that a failure shows all of it.
std::string describe(const NumberShape& s) {
    if (!s.valid) {
        return "invalid";
    }
    return std::string(s.integer ? "integer" : "real") + (s.exponent ? " exponent" : "") +
           " int=" + std::to_string(s.int_digits) + " sig=" + std::to_string(s.significant) +
           (s.exponent ? "" : " dec=" + std::to_string(s.decimals));
}

// The token where the reader has it: in a line, followed by more of it and by padding.
std::string scan(const std::string& token, bool bytewise = false) {
    const std::string line = token + "}" + std::string(64, '0');
    const std::string_view view = std::string_view(line).substr(0, token.size());
    return describe(bytewise ? scan_number_bytewise(view) : scan_number(view));
}

TEST(FastTokens, NumberShapes) {
    EXPECT_EQ(scan("2.5382766723632812"), "real int=1 sig=17 dec=16");
    EXPECT_EQ(scan("0.00019999999494757503"), "real int=1 sig=17 dec=20");
    EXPECT_EQ(scan("22.99346351623535"), "real int=2 sig=16 dec=14");
    EXPECT_EQ(scan("100"), "integer int=3 sig=3 dec=0");
    EXPECT_EQ(scan("0"), "integer int=1 sig=0 dec=0");
    EXPECT_EQ(scan("-0"), "integer int=1 sig=0 dec=0");
    EXPECT_EQ(scan("-0.000"), "real int=1 sig=0 dec=3");
    EXPECT_EQ(scan("1.5  "), "real int=1 sig=2 dec=1");
    EXPECT_EQ(scan("1e5"), "real exponent int=1 sig=1");
    EXPECT_EQ(scan("-2.50E-3"), "real exponent int=1 sig=3");
    // The edge of what simdjson 3.0 reads right: 19 significant digits, and 20.
    EXPECT_EQ(scan("0.1234567890123456789"), "real int=1 sig=19 dec=19");
    EXPECT_EQ(scan("0.00000001234567890123456789"), "real int=1 sig=19 dec=26");
    EXPECT_EQ(scan("0.000199999990000000474974513"), "real int=1 sig=24 dec=27");
    EXPECT_EQ(scan("9223372036854775807"), "integer int=19 sig=19 dec=0");
    EXPECT_EQ(scan("18446744073709551616"), "integer int=20 sig=20 dec=0");
    EXPECT_EQ(scan("123456789012.3456789"), "real int=12 sig=19 dec=7");
    EXPECT_EQ(scan("123456789012.34567890"), "real int=12 sig=20 dec=8");
    for (const char* bad : {"", "-", "+1", "01", "-01", "00.5", "1.", ".5", "-.5", "1.2.3", "1..2",
                            "1.5x", "1 2", "1e", "1e+", "NaN", "0x10", "1,5", "- 1"}) {
        EXPECT_EQ(scan(bad), "invalid") << bad;
    }
}

// Every token of up to 6 bytes over digits, '0', '-', '.', 'e', ' ' and 'x' (about 400,000)
// looks the same either way.
TEST(FastTokens, OneLookAgreesWithBytewise) {
    const std::string alphabet = "0159-.e x";
    std::vector<std::string> tokens{""};
    for (std::size_t length = 1; length <= 6; ++length) {
        std::vector<std::string> longer;
        for (const auto& t : tokens) {
            for (const char c : alphabet) {
                longer.push_back(t + c);
            }
        }
        for (const auto& t : longer) {
            ASSERT_EQ(scan(t), scan(t, true)) << "'" << t << "'";
        }
        tokens = std::move(longer);
    }
    for (const std::string t :
         {"12345678901234567890123", "0.0000000000000000000001", "-1.23456789012345678901",
          "123456789012345678901234", "1234567890123456789012345", "0.00000000000000000000000"}) {
        EXPECT_EQ(scan(t), scan(t, true)) << t;
    }
}

} // namespace
} // namespace tracediff::fast_tokens
