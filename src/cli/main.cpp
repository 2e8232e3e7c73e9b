#include "app.hpp"

int main(int argc, char** argv) {
    return tracediff::cli::run(argc, argv);
}
