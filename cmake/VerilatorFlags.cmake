# The Verilator options of every simulation model, in one place: the `snapgen run` models
# (gen/run/model_cache.cpp reads them from the generated verilator_flags.hpp, and they are part
# of its model key, so a change here rebuilds cached models) and the test and bench models
# (cmake/SnapgenModel.cmake adds -Wall -Wno-fatal). The netlist-equivalence models keep their
# own set (X as 0, cmake/SnapgenNetlist.cmake).
# --assert: the RTL's invariant assertions (credit protocols, FIFO bounds, framing) are live in
#   every model; a failing one stops the simulation with an error, so the test or run fails.
# --x-assign fast --x-initial fast -O3, OPT_FAST=-O2: Verilator's fast settings (DESIGN notes).
# -fno-reloop: Verilator 5.006's loop re-rolling declares its `__Vilp` counter in one function
#   and uses it in another once --assert samples a wide (>= 40-word) signal; g++ then fails with
#   "'__Vilp' was not declared" (Verilator #4057, fixed in 5.010). tests/regress/wide_clp_512.yaml.
# OPT_SLOW=-O0: the __Slow files hold code run once (construction, initial blocks, coverage and
#   trace set-up). At -O1 g++ spent 168 s on one 4.5 MB coverage set-up file of the --activity
#   model (10.5 s at -O0); that model then built in 123 s (system:activity took 500 s in the
#   d3301a0 CI), hnn_2die's plain model in 36 s instead of 38 s, at the same simulation speed
#   (2026-12-06).
set(SNAPGEN_MODEL_VERILATOR_FLAGS --assert --x-assign fast --x-initial fast -O3 -fno-reloop
    -MAKEFLAGS "OPT_FAST=-O2 OPT_SLOW=-O0")

# SNAPGEN_HOST_MARCH: the ISA level of the test and bench models (the run models choose theirs at
# run time by the same rule).
include(${CMAKE_CURRENT_LIST_DIR}/HostIsa.cmake)

# For gen/run/verilator_flags.hpp.in: the list as C++ string literals.
set(SNAPGEN_MODEL_VERILATOR_FLAGS_CPP "")
foreach(flag IN LISTS SNAPGEN_MODEL_VERILATOR_FLAGS)
  string(APPEND SNAPGEN_MODEL_VERILATOR_FLAGS_CPP "\"${flag}\", ")
endforeach()
configure_file(${CMAKE_SOURCE_DIR}/gen/run/verilator_flags.hpp.in
               ${CMAKE_BINARY_DIR}/generated/verilator_flags.hpp @ONLY)
