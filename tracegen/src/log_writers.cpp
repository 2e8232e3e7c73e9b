#include "log_writers.hpp"

#include <fmt/format.h>

#include <array>
#include <bit>
#include <cstring>

#include "trace_writer.hpp"

namespace tracegen {

namespace {

std::array<std::uint32_t, 256> crc_table() {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k) {
            c = (c & 1U) != 0 ? 0x82F63B78U ^ (c >> 1) : c >> 1;
        }
        table[i] = c;
    }
    return table;
}

// Protocol buffers wire format: a field's key is (number << 3) | wire type.
void varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

void little_endian(std::string& out, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) {
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    }
}

void key(std::string& out, int field, int wire_type) {
    varint(out, static_cast<std::uint64_t>(field) << 3 | static_cast<std::uint64_t>(wire_type));
}

void bytes_field(std::string& out, int field, const std::string& bytes) {
    key(out, field, 2);
    varint(out, bytes.size());
    out += bytes;
}

// Summary.Value {tag = 1, simple_value = 2}.
std::string scalar(const std::string& tag, float value) {
    std::string v;
    bytes_field(v, 1, tag);
    key(v, 2, 5);
    little_endian(v, std::bit_cast<std::uint32_t>(value), 4);
    return v;
}

// Event {wall_time = 1, step = 2, summary = 5 {value = 1 ...}}.
std::string event(std::size_t step, const std::vector<std::pair<std::string, float>>& values) {
    std::string summary;
    for (const auto& [tag, value] : values) {
        bytes_field(summary, 1, scalar(tag, value));
    }
    std::string e;
    key(e, 1, 1);
    little_endian(e, std::bit_cast<std::uint64_t>(1.7e9 + static_cast<double>(step)), 8);
    key(e, 2, 0);
    varint(e, step);
    bytes_field(e, 5, summary);
    return e;
}

std::uint32_t masked(std::uint32_t crc) {
    return ((crc >> 15) | (crc << 17)) + 0xA282EAD8U;
}

// One TFRecord: length, masked CRC of the length, data, masked CRC of the data.
void record(std::string& out, const std::string& data) {
    std::string length;
    little_endian(length, data.size(), 8);
    out += length;
    little_endian(out, masked(crc32c(length)), 4);
    out += data;
    little_endian(out, masked(crc32c(data)), 4);
}

std::string cell(float value) {
    return format_number(static_cast<double>(value));
}

} // namespace

std::uint32_t crc32c(const std::string& bytes) {
    static const std::array<std::uint32_t, 256> table = crc_table();
    std::uint32_t crc = 0xFFFFFFFFU;
    for (const char c : bytes) {
        crc = table[(crc ^ static_cast<unsigned char>(c)) & 0xFF] ^ (crc >> 8);
    }
    return crc ^ 0xFFFFFFFFU;
}

std::string event_file(const RunLog& log) {
    std::string out;
    std::string first;
    key(first, 1, 1);
    little_endian(first, std::bit_cast<std::uint64_t>(1.7e9), 8);
    bytes_field(first, 3, "brain.Event:2"); // file_version
    record(out, first);
    std::size_t next_eval = 0;
    for (const StepLog& s : log.steps) {
        record(out, event(s.step, {{"loss", s.loss},
                                   {"lr", s.lr},
                                   {"grad_norm", s.grad_norm},
                                   {"param_norm", s.param_norm},
                                   {"epoch", static_cast<float>(s.epoch)}}));
        while (next_eval < log.evals.size() && log.evals[next_eval].step == s.step) {
            const EvalLog& e = log.evals[next_eval++];
            record(out, event(e.step, {{"val_loss", e.val_loss}, {"val_acc", e.val_acc}}));
        }
    }
    return out;
}

std::string csv_file(const RunLog& log) {
    std::string out = "step,epoch,loss,lr,grad_norm,param_norm,val_loss,val_acc\n";
    std::size_t next_eval = 0;
    for (const StepLog& s : log.steps) {
        out += std::to_string(s.step) + "," + std::to_string(s.epoch) + "," + cell(s.loss) + "," +
               cell(s.lr) + "," + cell(s.grad_norm) + "," + cell(s.param_norm) + ",,\n";
        while (next_eval < log.evals.size() && log.evals[next_eval].step == s.step) {
            const EvalLog& e = log.evals[next_eval++];
            out += std::to_string(e.step) + "," + std::to_string(e.epoch) + ",,,,," +
                   cell(e.val_loss) + "," + cell(e.val_acc) + "\n";
        }
    }
    return out;
}

std::string torchtitan_progress(const RunLog& log) {
    // torchtitan's colours: red, green, orange, turquoise, blue, cyan, magenta, reset.
    constexpr const char* prefix = "[rank0]:[titan] 2025-01-01 00:00:00,000 - root - INFO - ";
    std::string out;
    std::size_t next_eval = 0;
    for (const StepLog& s : log.steps) {
        out += fmt::format("{}\x1b[31mstep: {:2}  \x1b[32mloss: {}  \x1b[33mgrad_norm: {}  "
                           "\x1b[96mmemory:  0.01GiB(0.01%)  \x1b[34mtps: 12,345  "
                           "\x1b[36mtflops: 0.12  \x1b[35mmfu: 0.01%\x1b[39m\n",
                           prefix, s.step, static_cast<double>(s.loss),
                           static_cast<double>(s.grad_norm));
        while (next_eval < log.evals.size() && log.evals[next_eval].step == s.step) {
            const EvalLog& e = log.evals[next_eval++];
            out += fmt::format("{}\x1b[33mvalidate step: {:2}  \x1b[32mloss: {}  "
                               "\x1b[96mmemory:  0.01GiB(0.01%)  \x1b[34mtps: 23,456\x1b[39m\n",
                               prefix, e.step, static_cast<double>(e.val_loss));
        }
    }
    return out;
}

} // namespace tracegen
