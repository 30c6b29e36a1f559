#!/bin/busybox sh
# PID 1 of the VM that tests/vm/run-in-vm boots (busybox sh, from its initramfs).
#
# 1. loads the modules of /modules/base.order, mounts the control share (the host's run
#    directory: run.conf, command.sh) and the host's root, read-only, over 9p;
# 2. puts a tmpfs overlay on top, so the command may write anywhere;
# 3. loads vivid with the run's options (/modules/driver.order, vivid last);
# 4. runs command.sh in that root, its output into the control share as it comes, its
#    exit status last (status), and powers off.
# Any failure before the command ends leaves no status file: the host reports it.

/bin/busybox mkdir -p /proc /sys /dev /sbin /usr/bin /usr/sbin
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

log() { echo "camchat-vm [$(cut -d" " -f1 /proc/uptime) s]: $*" >/dev/console; }
halt_vm() {
    sync
    # -no-reboot on the host: a reboot ends QEMU.
    reboot -f
    sleep 10
}
fatal() {
    log "FATAL: $*"
    halt_vm
}

load_modules() { # $1: an order file, $2: options for the module named $3
    while read -r module; do
        if [ "${module%.ko}" = "$3" ]; then
            # $2 unquoted: one word per option.
            insmod "/modules/$module" $2 || return 1
        else
            insmod "/modules/$module" || return 1
        fi
    done <"$1"
}

log "start"
load_modules /modules/base.order || fatal "cannot load the 9p and overlay modules"
p9="trans=virtio,version=9p2000.L,msize=524288"
mkdir -p /control /host /rw /root
mount -t 9p -o "$p9,cache=none" control /control || fatal "cannot mount the control share"
. /control/run.conf
# cache=loose: the host's files do not change while a test runs.
mount -t 9p -o "$p9,ro,cache=loose" hostroot /host || fatal "cannot mount the host's root"
mount -t tmpfs -o mode=0755 rw /rw
mkdir -p /rw/upper /rw/work
mount -t overlay -o lowerdir=/host,upperdir=/rw/upper,workdir=/rw/work overlay /root ||
    fatal "cannot mount the overlay"
R=/root
mount -t proc proc $R/proc
mount -t sysfs sysfs $R/sys
mount -o bind /dev $R/dev
mkdir -p $R/dev/pts $R/dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 devpts $R/dev/pts
mount -t tmpfs -o mode=1777 shm $R/dev/shm
mount -t tmpfs -o mode=0755 run $R/run
mkdir -p -m 0700 $R/run/user/0
# A fresh /tmp, rather than copies of the host's files.
mount -t tmpfs -o mode=1777 tmp $R/tmp
ip link set lo up
hostname camchat-vm

if [ "$LOAD_VIVID" = 1 ]; then
    log "vivid $VIVID_OPTIONS"
    load_modules /modules/driver.order "$VIVID_OPTIONS" vivid || fatal "cannot load vivid with '$VIVID_OPTIONS'"
fi
cut -d' ' -f1 /proc/uptime >/control/boot-seconds
log "running the command"

cp /control/command.sh $R/run/command.sh
chroot $R /usr/bin/env -i /bin/bash --noprofile --norc /run/command.sh </dev/null >>/control/output 2>&1
echo $? >/control/status.tmp
mv /control/status.tmp /control/status
log "the command exited $(cat /control/status)"
umount /control
halt_vm
