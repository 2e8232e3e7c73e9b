#include "tracediff/io/input_file.hpp"
#include "tracediff/io/output_file.hpp"

#include "command_line.hpp"

int main(int argc, char** argv) {
    tracediff::install_interrupt_handlers(); // Ctrl-C: exit 130, no half-written file
    tracediff::protect_standard_streams();   // a closed standard input is not a file
    return tracediff::cli::run(argc, argv);
}
