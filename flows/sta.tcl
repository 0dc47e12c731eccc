# OpenSTA timing and power of one mapped top (driven by flows/sta.sh, which sets these variables):
#   lib netlist top sdc          inputs (netlist: a list, the top's netlist then its blocks')
#   default_activity             toggles per clock cycle assumed for every net without a value
#   activity_file                "" or a file of "<port-or-pin pattern> <toggles per cycle> [duty]" lines
#   out                          report file prefix
# Prints machine-readable lines "snapgen_sta <key> <value>" that gen/synth parses.
# Everything runs inside one proc so that the first failure stops it: OpenSTA 2019 runs a script
# command by command, reports an error and carries on (and its `exit` does not stop a script), so a
# netlist it could not read used to surface later as unrelated errors (`can't read "period"`).
# OpenSTA's readers report a problem and return 0; sta_step turns that into a Tcl error.
proc sta_step {ok what} {
  if {$ok eq "" || $ok eq "0"} { error "sta.tcl: $what failed (see the OpenSTA message above)" }
}

proc snapgen_sta {} {
  global lib netlist top sdc default_activity activity_file out
  sta_step [read_liberty $lib] "read_liberty $lib"
  foreach n $netlist { sta_step [read_verilog $n] "read_verilog $n" }
  sta_step [link_design $top] "link_design $top"
  read_sdc $sdc
  if {[llength [get_clocks -quiet clk]] == 0} {
    error "sta.tcl: $sdc defines no clock named clk (create_clock -name clk ...)"
  }

  # Activity: OpenSTA 2019 has no read_vcd/read_saif, so simulated toggle rates arrive as
  # set_power_activity values (activity = toggles per clock cycle, duty = fraction of time high).
  set_power_activity -global -activity $default_activity -duty 0.5
  set_power_activity -input -activity $default_activity -duty 0.5
  set n_activity 0
  if {$activity_file != ""} {
    set fh [open $activity_file r]
    while {[gets $fh line] >= 0} {
      set line [string trim $line]
      if {$line == "" || [string index $line 0] == "#"} { continue }
      set duty 0.5
      if {[llength $line] >= 3} { set duty [lindex $line 2] }
      set name [lindex $line 0]
      set act [lindex $line 1]
      set ports [get_ports -quiet $name]
      if {[llength $ports] > 0} {
        set_power_activity -input_ports $ports -activity $act -duty $duty
        incr n_activity
      } else {
        set pins [get_pins -quiet $name]
        if {[llength $pins] > 0} {
          set_power_activity -pins $pins -activity $act -duty $duty
          incr n_activity
        } else {
          puts "sta.tcl: warning: activity for '$name' matches no port or pin"
        }
      }
    }
    close $fh
  }

  report_checks -path_delay max -digits 4 > $out.timing.txt
  report_checks -path_delay min -digits 4 >> $out.timing.txt
  report_power -digits 6 > $out.power.txt
  set period [get_property [get_clocks clk] period]
  puts "snapgen_sta period_ns $period"
  puts "snapgen_sta wns_ns [sta::worst_slack -max]"
  puts "snapgen_sta tns_ns [sta::total_negative_slack -max]"
  puts "snapgen_sta whs_ns [sta::worst_slack -min]"
  puts "snapgen_sta activity_entries $n_activity"
}

snapgen_sta
exit
