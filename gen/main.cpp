// snapgen entry point: everything happens in cli::run so tests can drive the same code in-process.
#include "cli/app.hpp"

int main(int argc, char** argv) { return snapgen::cli::run(std::vector<std::string>(argv, argv + argc)); }
