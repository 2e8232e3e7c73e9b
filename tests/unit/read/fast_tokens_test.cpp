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

// The number token at the start of `text` where the reader has it: in a line, followed by more
// of it and by padding. Says where the token ends when it ends before the text does (the
// reader then looks at what follows).
std::string scan(const std::string& text, bool bytewise = false) {
    const std::string line = text + "}" + std::string(64, '0');
    const char* const end = line.data() + text.size();
    const char* token_end = nullptr;
    const NumberShape shape = bytewise ? scan_number_bytewise(line.data(), end, token_end)
                                       : scan_number(line.data(), end, token_end);
    const std::string rest = token_end == end ? "" : " then '" + std::string(token_end, end) + "'";
    return describe(shape) + rest;
}

TEST(FastTokens, NumberShapes) {
    EXPECT_EQ(scan("2.5382766723632812"), "real int=1 sig=17 dec=16");
    EXPECT_EQ(scan("0.00019999999494757503"), "real int=1 sig=17 dec=20");
    EXPECT_EQ(scan("22.99346351623535"), "real int=2 sig=16 dec=14");
    EXPECT_EQ(scan("100"), "integer int=3 sig=3 dec=0");
    EXPECT_EQ(scan("0"), "integer int=1 sig=0 dec=0");
    EXPECT_EQ(scan("-0"), "integer int=1 sig=0 dec=0");
    EXPECT_EQ(scan("-0.000"), "real int=1 sig=0 dec=3");
    EXPECT_EQ(scan("1.5  "), "real int=1 sig=2 dec=1 then '  '");
    EXPECT_EQ(scan("1.5,\"lr\""), "real int=1 sig=2 dec=1 then ',\"lr\"'");
    EXPECT_EQ(scan("1e5"), "real exponent int=1 sig=1");
    EXPECT_EQ(scan("-2.50E-3"), "real exponent int=1 sig=3");
    // The edge of what the fast path reads: 19 significant digits, and 20.
    EXPECT_EQ(scan("0.1234567890123456789"), "real int=1 sig=19 dec=19");
    EXPECT_EQ(scan("0.00000001234567890123456789"), "real int=1 sig=19 dec=26");
    EXPECT_EQ(scan("0.000199999990000000474974513"), "real int=1 sig=24 dec=27");
    EXPECT_EQ(scan("9223372036854775807"), "integer int=19 sig=19 dec=0");
    EXPECT_EQ(scan("18446744073709551616"), "integer int=20 sig=20 dec=0");
    EXPECT_EQ(scan("123456789012.3456789"), "real int=12 sig=19 dec=7");
    EXPECT_EQ(scan("123456789012.34567890"), "real int=12 sig=20 dec=8");
    for (const char* bad : {"-", "+1", "01", "-01", "00.5", "1.", "-.5", "1.2.3", "1..2", "1e",
                            "1e+", "1-2", "1e5e5", "--1", "1.5e", "1E+-5"}) {
        EXPECT_EQ(scan(bad), "invalid") << bad;
    }
    // Not a number at all, or one followed by what the reader refuses.
    EXPECT_EQ(scan(""), "invalid");
    EXPECT_EQ(scan(".5"), "invalid");
    EXPECT_EQ(scan("NaN"), "invalid then 'NaN'");
    EXPECT_EQ(scan("1.5x"), "real int=1 sig=2 dec=1 then 'x'");
    EXPECT_EQ(scan("1 2"), "integer int=1 sig=1 dec=0 then ' 2'");
    EXPECT_EQ(scan("0x10"), "integer int=1 sig=0 dec=0 then 'x10'");
    EXPECT_EQ(scan("1,5"), "integer int=1 sig=1 dec=0 then ',5'");
    EXPECT_EQ(scan("- 1"), "invalid then ' 1'");
    // Longer than one look: a byte at a time.
    EXPECT_EQ(scan("0.000000000000000000000000000000001234"), "real int=1 sig=4 dec=36");
}

// Every text of up to 6 bytes over digits, '0', '-', '.', 'e', '+', ' ' and 'x' (about 1.1
// million) looks the same either way.
TEST(FastTokens, OneLookAgreesWithBytewise) {
    const std::string alphabet = "0159-.e+ x";
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
