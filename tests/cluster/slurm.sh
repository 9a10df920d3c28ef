#!/usr/bin/env bash
# A one-node SLURM cluster on localhost, for the tests and CI (tests/cluster/).
#
#   tests/cluster/slurm.sh start DIR   # install if missing, start, wait until the node is idle
#   tests/cluster/slurm.sh stop DIR    # cancel its jobs, stop its daemons by their PIDs
#
# Everything lives in DIR: slurm.conf, the munge key and socket, state, spool, logs and
# the daemons' PID files, so it runs beside any system SLURM or munge without touching
# /etc. Client commands find this cluster through SLURM_CONF=DIR/slurm.conf (written
# to DIR/env). Process tracking by process group (proctrack/pgid) and no task or cgroup
# plugins: it runs in a container. Ports: SLURMCTLD_PORT and SLURMD_PORT (6817, 6818).
# Needs root (the daemons run as root; installing uses apt-get).
set -euo pipefail

PACKAGES="slurmctld slurmd slurm-client munge"

fail() { echo "slurm.sh: $*" >&2; exit 1; }

install_if_missing() {
    local missing=0
    for cmd in slurmctld slurmd sinfo munged; do
        command -v "$cmd" >/dev/null || missing=1
    done
    [ "$missing" = 0 ] && return
    [ "$(id -u)" = 0 ] || fail "SLURM is not installed and installing needs root ($PACKAGES)"
    echo "slurm.sh: installing $PACKAGES" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PACKAGES >/dev/null
}

write_conf() {
    local dir=$1 cpus memory
    cpus=$(nproc)
    memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))  # MB, some kept back
    cat >"$dir/slurm.conf" <<EOF
ClusterName=nupsim
SlurmctldHost=localhost
SlurmctldPort=${SLURMCTLD_PORT:-6817}
SlurmdPort=${SLURMD_PORT:-6818}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket.2
CredType=cred/munge
ProctrackType=proctrack/pgid
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
ReturnToService=2
SlurmdTimeout=30
KillWait=1
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/state/slurmctld.pid
SlurmdPidFile=$dir/spool/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
}

# Run a daemon in the foreground of its own session; its PID goes to DIR/NAME.pid.
launch() {
    local dir=$1 name=$2
    shift 2
    setsid "$@" >"$dir/log/$name.out" 2>&1 </dev/null &
    echo $! >"$dir/$name.pid"
}

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...: poll until COMMAND succeeds
    local seconds=$1 what=$2
    shift 2
    for _ in $(seq $((seconds * 5))); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    return 1
}

start() {
    local dir=$1
    install_if_missing
    mkdir -p "$dir"/{munge,state,spool,log}
    dir=$(cd "$dir" && pwd)
    chmod 700 "$dir" "$dir/munge"
    write_conf "$dir"
    echo "SLURM_CONF=$dir/slurm.conf" >"$dir/env"
    export SLURM_CONF=$dir/slurm.conf
    [ -f "$dir/munge/munge.key" ] || dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 \
        count=1 status=none
    chmod 400 "$dir/munge/munge.key"
    launch "$dir" munged munged --foreground --force --socket="$dir/munge/munge.socket.2" \
        --key-file="$dir/munge/munge.key" --log-file="$dir/log/munged.log" \
        --pid-file="$dir/munge/munged.pid" --seed-file="$dir/munge/munged.seed"
    wait_for 10 munge test -S "$dir/munge/munge.socket.2" \
        || fail "munged did not start: $(tail -5 "$dir/log/munged.out" "$dir/log/munged.log" 2>&1)"
    launch "$dir" slurmctld slurmctld -D -f "$dir/slurm.conf"
    launch "$dir" slurmd slurmd -D -f "$dir/slurm.conf" -N localhost
    if ! wait_for 60 "an idle node" sh -c "sinfo -h -N -o %T | grep -qx idle"; then
        fail "the node did not become idle: $(sinfo -N 2>&1 | tail -2)
$(tail -5 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" 2>&1)"
    fi
    echo "slurm.sh: one-node cluster idle; export SLURM_CONF=$dir/slurm.conf" >&2
}

stop() {
    local dir
    dir=$(cd "$1" && pwd)
    export SLURM_CONF=$dir/slurm.conf
    # This cluster's own jobs (its controller knows no others), then its daemons.
    if [ -f "$dir/slurmctld.pid" ] && kill -0 "$(cat "$dir/slurmctld.pid")" 2>/dev/null; then
        squeue -h -o %A 2>/dev/null | xargs -r scancel 2>/dev/null || true
    fi
    for name in slurmd slurmctld munged; do
        [ -f "$dir/$name.pid" ] || continue
        local pid
        pid=$(cat "$dir/$name.pid")
        if kill "$pid" 2>/dev/null; then
            wait_for 15 "$name to stop" sh -c "! kill -0 $pid" || kill -9 "$pid" 2>/dev/null || true
        fi
        rm -f "$dir/$name.pid"
    done
}

case "${1:-}" in
    start) [ -n "${2:-}" ] || fail "usage: $0 start DIR"; start "$2" ;;
    stop) [ -n "${2:-}" ] || fail "usage: $0 stop DIR"; stop "$2" ;;
    *) fail "usage: $0 start|stop DIR" ;;
esac
