// Prints gen/run/host_isa.cpp's -march level for this machine (cmake/HostIsa.cmake).
#include <cstdio>

#include "run/host_isa.hpp"

int main() { std::printf("%s", snapgen::host_march().c_str()); }
