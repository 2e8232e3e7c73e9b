// Decompressing streams read from a RawFile: gzip with zlib, zstd with libzstd. Concatenated
// members or frames are read one after another; data cut short or corrupt is an error naming
// the file.
#pragma once

#include <cstddef>
#include <memory>

#include "raw_file.hpp"

namespace tracediff {

class Decompressor {
public:
    virtual ~Decompressor() = default;
    // Reads up to `size` decompressed bytes; returns 0 only at the end of the data.
    virtual std::size_t read(char* out, std::size_t size) = 0;
};

std::unique_ptr<Decompressor> make_gzip_reader(RawFile& file);
std::unique_ptr<Decompressor> make_zstd_reader(RawFile& file);

} // namespace tracediff
