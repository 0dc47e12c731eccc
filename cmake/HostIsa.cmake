# SNAPGEN_HOST_MARCH: the -march level the test and bench models are compiled for, from the
# same rule `snapgen run` applies to its cached models at run time (gen/run/host_isa.cpp, run
# here once at configure time): x86-64-v3 or -v2 when this machine's CPU has it, else empty.
try_run(host_isa_ran host_isa_built ${CMAKE_BINARY_DIR}/host_isa
        SOURCES ${CMAKE_SOURCE_DIR}/cmake/host_isa_main.cpp ${CMAKE_SOURCE_DIR}/gen/run/host_isa.cpp
        CMAKE_FLAGS "-DINCLUDE_DIRECTORIES=${CMAKE_SOURCE_DIR}/gen"
        CXX_STANDARD 20
        COMPILE_OUTPUT_VARIABLE host_isa_log
        RUN_OUTPUT_VARIABLE SNAPGEN_HOST_MARCH)
if(NOT host_isa_built OR NOT host_isa_ran EQUAL 0)
  message(FATAL_ERROR "cmake/HostIsa.cmake: could not build or run the host ISA probe:\n${host_isa_log}")
endif()
message(STATUS "Simulation models: -march=${SNAPGEN_HOST_MARCH} (empty: the compiler's default)")
