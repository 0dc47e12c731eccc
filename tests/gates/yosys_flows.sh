# Sourced by gate.sh and selftest.sh: the Yosys scripts of the yosys gate, defined once.
#
# block_gate_flow TOP: a block's generic synthesis, hierarchical. Each distinct module (per
# parameter set) is synthesized once, so a tile's Rows x Cols identical PEs cost one PE
# (wide_lanes' 16x16 tile: 136 s of Yosys CPU flattened, 10 s hierarchical, 2026-12-06); latches,
# undriven and multiply driven nets are still found in every module (`check` knows instance port
# directions; selftest.sh shows each case on this flow). Memories (the EMIO retry buffer, FIFO
# arrays) stay Yosys memory cells, as a memory macro would take them: `synth` up to `fine`, then
# its `fine` steps without `memory_map` (mapping a memory to flops was most of the gate's CPU:
# ffn_2die's EMIO TX 128 s -> 60 s, 2026-12-05). The netlist gates (tests/rtl/synth) and
# `snapgen synth` still flatten, map every memory, and simulate or time the result.
block_gate_flow() {
  echo "synth -top $1 -run :fine; opt -fast -full; opt -full; techmap; opt -fast; abc -fast; opt -fast"
}

# assemblies_gate_flow: meshes, chiplets, systems and the CLP loop, inside one unconnected
# wrapper (assemblies_wrapper.sh): Yosys's elaboration, process and hierarchy checks.
assemblies_gate_flow() { echo "prep -top snap_gate_assemblies"; }
