#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for tests and trials: munged, slurmctld and slurmd on loopback, with
# all their files (keys, configuration, state, logs, pid files) under one directory, so that nothing of the
# machine's own Slurm or munge setup is read or changed. Needs root and Debian's slurm-wlm and munge.
#
#   deploy/slurm/local-cluster.sh start [DIR]   start the daemons, wait until the node is idle, print the
#                                              `export SLURM_CONF=...` line the clients (sbatch, srun) need
#   deploy/slurm/local-cluster.sh stop [DIR]    stop the daemons started from DIR (by their pid files)
#
# DIR defaults to $GCODING_SLURM_DIR or /tmp/gcoding-slurm. GCODING_SLURM_CPUS (default 16) is the CPU count the
# node claims, more than the machine has, so that N+1 tasks run on 2 cores. GCODING_SLURM_PORT (default 6817) is
# slurmctld's port; slurmd takes the next one.
set -euo pipefail

cmd=${1:-}
dir=${2:-${GCODING_SLURM_DIR:-/tmp/gcoding-slurm}}
cpus=${GCODING_SLURM_CPUS:-16}
port=${GCODING_SLURM_PORT:-6817}
host=$(hostname -s)
conf="$dir/slurm.conf"
start_timeout=${GCODING_SLURM_START_TIMEOUT:-60}

die() { echo "local-cluster.sh: $*" >&2; exit 2; }

stop_pid() { # stop_pid NAME PIDFILE: SIGTERM, then SIGKILL after 10 s
  local name=$1 file=$2 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "local-cluster.sh: $name (pid $pid) ignored SIGTERM for 10 s; killing it" >&2
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$file"
}

stop() {
  stop_pid slurmd "$dir/slurmd.pid"
  stop_pid slurmctld "$dir/slurmctld.pid"
  stop_pid munged "$dir/munge/munged.pid"
}

write_conf() {
  cat > "$conf" <<CONF
# written by deploy/slurm/local-cluster.sh: one node, loopback only
ClusterName=gcoding-local
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SlurmdParameters=config_overrides
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/backfill
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE
CONF
}

start() {
  [ "$(id -u)" = 0 ] || die "needs root (the daemons run as root here); run it with sudo"
  for tool in munged slurmctld slurmd sinfo scontrol; do
    command -v "$tool" >/dev/null || die "$tool not found: apt-get install -y slurm-wlm munge"
  done
  stop # a previous start from the same DIR
  mkdir -p "$dir/munge" "$dir/state" "$dir/spool"
  chmod 700 "$dir/munge"
  if [ ! -s "$dir/munge/munge.key" ]; then
    (umask 077; dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none)
  fi
  chmod 400 "$dir/munge/munge.key"
  munged --force --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
      --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed"
  write_conf
  SLURM_CONF="$conf" slurmctld -c -f "$conf"
  SLURM_CONF="$conf" slurmd -f "$conf"
  # wait for the node to register; a node that went drain/down on the way is resumed once
  local deadline=$((SECONDS + start_timeout)) state resumed=0
  while :; do
    state=$(SLURM_CONF="$conf" sinfo -h -n "$host" -o %T 2>/dev/null || true)
    case "$state" in
      idle*|mixed*|allocated*) break ;;
      drain*|down*|inval*)
        if [ $resumed = 0 ]; then
          SLURM_CONF="$conf" scontrol update nodename="$host" state=resume || true
          resumed=1
        fi ;;
    esac
    if [ $SECONDS -ge $deadline ]; then
      echo "local-cluster.sh: node $host not idle after $start_timeout s (state '${state:-no answer}');" \
          "see $dir/slurmctld.log and $dir/slurmd.log" >&2
      stop
      exit 1
    fi
    echo "local-cluster.sh: waiting for node $host to register with slurmctld (state '${state:-no answer}')" >&2
    sleep 1
  done
  echo "export SLURM_CONF=$conf"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) die "usage: local-cluster.sh start|stop [DIR]" ;;
esac
