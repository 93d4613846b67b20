package postgres

import "testing"

// TestCoordinatorShare: Share tells a process alone that it owns every
// bucket; a newcomer beside two settled processes that it owns none
// until they gave up their excess and it took it, then what is left of
// the buckets when the others hold their full share; a closed one, zero.
func TestCoordinatorShare(t *testing.T) {
	stores := openN(t, 3)
	first := coordinators(t, stores[:1], CoordinatorOptions{})[0]
	if owned, share, procs := first.Share(); owned != HostBuckets || share != HostBuckets || procs != 1 {
		t.Errorf("alone: Share() = %d, %d, %d; want %d, %d, 1", owned, share, procs, HostBuckets, HostBuckets)
	}
	second := coordinators(t, stores[1:2], CoordinatorOptions{})[0]
	tickAll(t, first, second)
	newcomer := coordinators(t, stores[2:], CoordinatorOptions{})[0]
	if owned, share, procs := newcomer.Share(); owned != 0 || share != 86 || procs != 3 {
		t.Errorf("newcomer before the others' tick: Share() = %d, %d, %d; want 0, 86, 3", owned, share, procs)
	}
	tickAll(t, first, second, newcomer)
	if owned, share, procs := newcomer.Share(); owned != HostBuckets-2*share || procs != 3 {
		t.Errorf("newcomer after one round: Share() = %d, %d, %d; want %d, %d, 3", owned, share, procs, HostBuckets-2*share, share)
	}
	checkPartition(t, stores[0], first, second, newcomer)
	newcomer.Close()
	if owned, share, procs := newcomer.Share(); owned != 0 || share != 0 || procs != 0 {
		t.Errorf("closed: Share() = %d, %d, %d; want 0, 0, 0", owned, share, procs)
	}
}
