#!/usr/bin/env bash
# A private one-node Slurm cluster for the sweep tests, all state in DIR (recipe:
# shared/slurm-single-node.md): its own munge key and socket, slurm.conf in DIR (SLURM_CONF points
# at it, /etc/slurm is not touched), daemons as root (systemd does not run here).
#   slurm_cluster.sh start DIR   start munged, slurmctld, slurmd; wait until the node is idle
#   slurm_cluster.sh stop DIR    stop them, by the pids they wrote into DIR (never by name)
# Then: SLURM_CONF=DIR/slurm.conf sbatch ...
set -euo pipefail
cmd=${1:?usage: slurm_cluster.sh start|stop DIR}
dir=$(realpath -m "${2:?usage: slurm_cluster.sh start|stop DIR}")
export SLURM_CONF=$dir/slurm.conf

stop() {
  local f pid
  for f in ctld.pid d.pid munged.pid; do
    [ -f "$dir/$f" ] || continue
    pid=$(cat "$dir/$f")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/$f"
  done
}

start() {
  for tool in munged mungekey slurmctld slurmd sbatch sinfo; do
    command -v "$tool" >/dev/null || { echo "slurm_cluster: $tool not found (apt-get install slurmctld slurmd slurm-client munge)" >&2; exit 3; }
  done
  [ "$(id -u)" -eq 0 ] || { echo "slurm_cluster: must run as root (daemons run as root here)" >&2; exit 3; }
  stop  # leftovers of an earlier run in the same DIR
  mkdir -p "$dir/state" "$dir/spool"
  [ -f "$dir/munge.key" ] || mungekey -c -k "$dir/munge.key"
  chmod 600 "$dir/munge.key"
  # munged refuses to run as the munge user in this sandbox, but runs as root with --force.
  munged --force --key-file="$dir/munge.key" --socket="$dir/munge.sock" --pid-file="$dir/munged.pid" \
         --log-file="$dir/munged.log" --seed-file="$dir/munged.seed"
  local host
  host=$(hostname -s)
  cat > "$SLURM_CONF" <<CONF
ClusterName=snapgentest
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge.sock
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldLogFile=$dir/ctld.log
SlurmdLogFile=$dir/d.log
SlurmctldPidFile=$dir/ctld.pid
SlurmdPidFile=$dir/d.pid
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
NodeName=$host CPUs=$(nproc) RealMemory=4000 State=UNKNOWN
PartitionName=main Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  slurmctld
  slurmd
  for _ in $(seq 60); do
    if sinfo -h -o %T 2>/dev/null | grep -qx idle; then
      echo "slurm_cluster: node $host idle (SLURM_CONF=$SLURM_CONF)"
      return 0
    fi
    sleep 0.5
  done
  echo "slurm_cluster: node did not become idle; logs:" >&2
  tail -n 20 "$dir/ctld.log" "$dir/d.log" >&2 || true
  stop
  exit 1
}

case $cmd in
  start) start ;;
  stop) stop ;;
  *) echo "usage: slurm_cluster.sh start|stop DIR" >&2; exit 2 ;;
esac
