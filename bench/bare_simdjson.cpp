// The yardstick of the issue: a bare, single-threaded simdjson on-demand pass over trace files
// that only pulls "step" and "loss" out of every line. No validation beyond what simdjson does
// on the way, no error recovery, no statistics. Prints the number of step records and a checksum.
//
// Usage: bare_simdjson FILE...
#include <cstdint>
#include <cstdio>
#include <simdjson.h>

int main(int argc, char** argv) {
    std::uint64_t records = 0;
    double checksum = 0.0;
    simdjson::ondemand::parser parser;
#ifdef SIMDJSON_THREADS_ENABLED
    parser.threaded = false; // one core, as the yardstick says
#endif
    for (int i = 1; i < argc; ++i) {
        simdjson::padded_string text;
        if (simdjson::padded_string::load(argv[i]).get(text) != simdjson::SUCCESS) {
            std::fprintf(stderr, "cannot read %s\n", argv[i]);
            return 2;
        }
        simdjson::ondemand::document_stream docs;
        if (parser.iterate_many(text).get(docs) != simdjson::SUCCESS) {
            std::fprintf(stderr, "cannot parse %s\n", argv[i]);
            return 2;
        }
        for (auto doc : docs) {
            std::int64_t step = 0;
            double loss = 0.0;
            if (doc["step"].get_int64().get(step) != simdjson::SUCCESS) {
                continue;
            }
            if (doc["loss"].get_double().get(loss) != simdjson::SUCCESS) {
                continue;
            }
            ++records;
            checksum += loss + static_cast<double>(step);
        }
    }
    std::printf("%llu step records, checksum %.17g\n", static_cast<unsigned long long>(records),
                checksum);
    return 0;
}
