#include <gtest/gtest.h>

#include <string>

#include "sha256.hpp"

namespace {

using tracegen::Sha256;
using tracegen::sha256_hex;
using tracegen::to_hex;

// Test vectors from FIPS 180-2, appendix B, and the NIST example set.
TEST(Sha256, EmptyString) {
    EXPECT_EQ(sha256_hex(std::string_view{}),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, Abc) {
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, TwoBlockMessage448Bits) {
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, OneMillionA) {
    EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, PiecewiseUpdatesMatchOneShot) {
    // Lengths around the 55/56/64-byte padding boundaries, fed in uneven pieces.
    for (std::size_t length : {0u, 1u, 55u, 56u, 63u, 64u, 65u, 119u, 120u, 200u}) {
        std::string message;
        for (std::size_t i = 0; i < length; ++i) {
            message.push_back(static_cast<char>('a' + i % 26));
        }
        Sha256 hasher;
        std::size_t pos = 0;
        std::size_t piece = 1;
        while (pos < message.size()) {
            const std::size_t take = std::min(piece, message.size() - pos);
            hasher.update(std::string_view(message).substr(pos, take));
            pos += take;
            piece = piece * 2 + 1;
        }
        EXPECT_EQ(to_hex(hasher.finish()), sha256_hex(message)) << "length " << length;
    }
}

} // namespace
