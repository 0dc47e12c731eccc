# Netlist gate: co-simulate a Yosys netlist against its RTL (DESIGN §5: Yosys can silently build
# wrong hardware, and only simulation of its netlist catches it).
#
# snapgen_add_netlist_gate(<id> CONFIG <yaml> TOP <module> [OVERRIDES k=v ...] [CYCLES n] [SEED s]
#                          [MUTATE] [LABELS ...] [TIMEOUT s] [BIAS PORT=P ...])
# Generates the package with the fresh snapgen, synthesizes TOP with flows/synth_generic.sh
# (synth -flatten, write_verilog -noattr), verilates the RTL and the netlist as two models of the
# same port list, and builds netlist_gate_<id>: a lockstep harness (tests/rtl/synth/lockstep_main.cpp)
# that drives identical seeded random inputs into both and compares every output every half cycle.
# The port list is read from the RTL model's Verilator header, so no per-top code is needed.
# BIAS: inputs driven with a random value only in a share P of the cycles (0 otherwise).
# Registers test netlist_gate_<id> (labels sim;synth). MUTATE: the netlist gets one gate changed
# (flows/mutate_netlist.sh) and the test passes only if the harness reports a mismatch.
#
# The same file, run as `cmake -DPORTS_HEADER=<V.h> -DPORTS_OUT=<inc> -P SnapgenNetlist.cmake`,
# writes the PORT_IN/PORT_OUT list.

if(CMAKE_SCRIPT_MODE_FILE)
  # Lines like `VL_IN8(&clk_i,0,0);`, `VL_OUTW(&data_o,319,0,10);`, `VL_IN64(&x_i,40,0);`.
  file(STRINGS ${PORTS_HEADER} lines REGEX "^[ \t]*VL_(IN|OUT)(8|16|64|W)?\\(&")
  set(out "// Generated from ${PORTS_HEADER} by cmake/SnapgenNetlist.cmake. Do not edit.\n")
  set(n 0)
  foreach(line IN LISTS lines)
    if(line MATCHES "VL_(IN|OUT)(8|16|64|W)?\\(&([A-Za-z_0-9]+),([0-9]+),([0-9]+)")
      math(EXPR bits "${CMAKE_MATCH_4} - ${CMAKE_MATCH_5} + 1")
      string(APPEND out "PORT_${CMAKE_MATCH_1}(${CMAKE_MATCH_3}, ${bits})\n")
      math(EXPR n "${n} + 1")
    endif()
  endforeach()
  if(n EQUAL 0)
    message(FATAL_ERROR "no VL_IN/VL_OUT ports found in ${PORTS_HEADER}")
  endif()
  file(WRITE ${PORTS_OUT} "${out}")
  return()
endif()

set(SNAPGEN_NETLIST_CMAKE ${CMAKE_CURRENT_LIST_FILE})
# Both models: lint warnings off (a Yosys netlist is full of unused wires), X resolved to 0 in both
# so that the only difference between the models is the netlist itself.
set(SNAPGEN_NETLIST_VERILATOR_FLAGS -Wno-fatal -Wno-lint -Wno-style --x-assign 0 --x-initial 0 -O3
    "-MAKEFLAGS" "OPT_FAST=-O1 OPT_SLOW=-O0")

function(snapgen_add_netlist_gate ID)
  cmake_parse_arguments(G "MUTATE" "CONFIG;TOP;CYCLES;SEED;TIMEOUT" "OVERRIDES;LABELS;BIAS" ${ARGN})
  if(NOT G_CONFIG OR NOT G_TOP)
    message(FATAL_ERROR "snapgen_add_netlist_gate(${ID}): CONFIG and TOP are required")
  endif()
  if(NOT G_CYCLES)
    set(G_CYCLES 5000)
  endif()
  if(NOT G_SEED)
    set(G_SEED 1)
  endif()
  if(NOT G_TIMEOUT)
    set(G_TIMEOUT 900)
  endif()
  set(base ${CMAKE_BINARY_DIR}/netlist_gates/${ID})
  set(pkg ${base}/pkg)
  set(flows ${CMAKE_SOURCE_DIR}/flows)
  set(overrides)
  foreach(o IN LISTS G_OVERRIDES)
    list(APPEND overrides -P "${o}")
  endforeach()
  set(netlist ${base}/synth/${G_TOP}.generic.v)
  set(sim_netlist ${netlist})
  set(mutate_cmd)
  if(G_MUTATE)
    set(sim_netlist ${base}/synth/${G_TOP}.mutated.v)
    set(mutate_cmd COMMAND ${flows}/mutate_netlist.sh ${netlist} ${sim_netlist})
  endif()
  # Verilator's output goes to a log, printed only when it fails ($1 = log, the rest = arguments).
  set(quiet [[log=$1; shift; verilator "$@" > "$log" 2>&1 || { cat "$log"; exit 1; }]])
  set(rtl Vrtl_${ID})
  set(net Vnet_${ID})
  add_custom_command(
    OUTPUT ${base}/obj_rtl/${rtl}__ALL.a ${base}/obj_rtl/${rtl}.h ${base}/obj_net/${net}__ALL.a
           ${base}/obj_net/${net}.h ${base}/lockstep_ports.inc
    COMMAND $<TARGET_FILE:snapgen> generate ${G_CONFIG} ${overrides} -o ${pkg} --force
    COMMAND ${flows}/synth_generic.sh ${pkg} ${G_TOP} ${base}/synth
    ${mutate_cmd}
    COMMAND ${CMAKE_COMMAND} -E rm -rf ${base}/obj_rtl ${base}/obj_net
    COMMAND sh -c "${quiet}" verilate ${base}/verilator_rtl.log --cc --build -j 2 -F ${pkg}/files.f
            --top-module ${G_TOP} --prefix ${rtl} -Mdir ${base}/obj_rtl ${SNAPGEN_NETLIST_VERILATOR_FLAGS}
    COMMAND sh -c "${quiet}" verilate ${base}/verilator_net.log --cc --build -j 2 ${sim_netlist}
            -F ${base}/synth/${G_TOP}.blackboxes.f
            --top-module ${G_TOP} --prefix ${net} -Mdir ${base}/obj_net ${SNAPGEN_NETLIST_VERILATOR_FLAGS}
    COMMAND ${CMAKE_COMMAND} -DPORTS_HEADER=${base}/obj_rtl/${rtl}.h -DPORTS_OUT=${base}/lockstep_ports.inc
            -P ${SNAPGEN_NETLIST_CMAKE}
    DEPENDS snapgen ${G_CONFIG} ${flows}/synth_generic.sh ${flows}/mutate_netlist.sh ${SNAPGEN_NETLIST_CMAKE}
    COMMENT "Netlist gate ${ID}: synthesizing and verilating ${G_TOP} (RTL and netlist)"
    VERBATIM)
  add_custom_target(netlist_gate_${ID}_models DEPENDS ${base}/obj_rtl/${rtl}__ALL.a)
  add_executable(netlist_gate_${ID} ${CMAKE_SOURCE_DIR}/tests/rtl/synth/lockstep_main.cpp)
  add_dependencies(netlist_gate_${ID} netlist_gate_${ID}_models)
  target_include_directories(netlist_gate_${ID} PRIVATE ${base} ${base}/obj_rtl ${base}/obj_net)
  target_compile_definitions(netlist_gate_${ID} PRIVATE LOCKSTEP_RTL=${rtl} LOCKSTEP_NET=${net}
    LOCKSTEP_RTL_H="${rtl}.h" LOCKSTEP_NET_H="${net}.h" LOCKSTEP_NAME="${ID}")
  target_link_libraries(netlist_gate_${ID} PRIVATE ${base}/obj_rtl/${rtl}__ALL.a ${base}/obj_net/${net}__ALL.a
                        verilated_rt)
  add_test(NAME netlist_gate_${ID} COMMAND netlist_gate_${ID} ${G_CYCLES} ${G_SEED} ${G_BIAS})
  set_tests_properties(netlist_gate_${ID} PROPERTIES LABELS "sim;synth;${G_LABELS}" TIMEOUT ${G_TIMEOUT})
  if(G_MUTATE)
    # Passes only on a reported output mismatch (a crash or a silent pass both fail).
    set_tests_properties(netlist_gate_${ID} PROPERTIES PASS_REGULAR_EXPRESSION "NETLIST MISMATCH cycle")
  endif()
endfunction()
