package io.backchannel.load.connections;

import java.util.List;

import io.backchannel.load.connections.NodeProcess.ClassUsage;

/**
 * What one step of the connections scenario measured. Heap and RSS figures are null when
 * the node's process could not be inspected.
 *
 * @param sockets sockets asked for
 * @param open welcomed and open when measured
 * @param failed sockets that never opened, so far
 * @param dropped sockets closed by the node or the network after opening, so far
 * @param secondsToOpen how long this step's new sockets took to open
 * @param liveHeapBytes the node's live heap after a full GC
 * @param heapPerSocketKiB (live heap - baseline) / open sockets
 * @param rssBytes the node's resident memory
 * @param rssPerSocketKiB (RSS - baseline) / open sockets
 * @param nodeOpenFiles the node's open file descriptors
 * @param sampleSent jobs sent by a sample of the sockets
 * @param sampleDelivered of which the terminal update reached the socket
 * @param sampleP50Ms submit to terminal, median, of the sample
 * @param sampleMaxMs and the slowest
 * @param heapGrowth the classes that grew most since the baseline (bytes and instances
 * added)
 * @param idleCpu each measured group's CPU while the sockets idled, or null when the
 * window was not measured
 */
record StepResult(int sockets, int open, int failed, int dropped, double secondsToOpen, Long liveHeapBytes,
        Double heapPerSocketKiB, Long rssBytes, Double rssPerSocketKiB, Long nodeOpenFiles, int sampleSent,
        int sampleDelivered, Double sampleP50Ms, Double sampleMaxMs, List<ClassUsage> heapGrowth, IdleCpu idleCpu) {

}
