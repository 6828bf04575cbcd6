package io.backchannel.node.backplane;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.backchannel.contracts.id.ClientId;

/**
 * Runs the work of one client in the order it was handed in, and the work of different
 * clients side by side: a fixed number of lanes of one virtual thread each, a client
 * always on the same lane.
 *
 * <p>
 * Backplane messages arrive in order from the subscription. Run each on a thread of its
 * own, as before, and two updates of one client overtake each other: the later one then
 * finds a gap before it and reads the inbox from Redis, and the earlier one is dropped as
 * already seen. In a lane the earlier one goes first and both are pushed as they came.
 */
final class ClientLanes implements AutoCloseable {

    private final ExecutorService[] lanes;

    ClientLanes(int count) {
        this.lanes = new ExecutorService[count];
        for (int i = 0; i < count; i++) {
            this.lanes[i] = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("backplane-lane-" + i).factory());
        }
    }

    void run(ClientId client, Runnable work) {
        this.lanes[Math.floorMod(client.hashCode(), this.lanes.length)].execute(work);
    }

    /** Lets the work handed in finish, then stops the lanes. */
    @Override
    public void close() {
        for (ExecutorService lane : this.lanes) {
            lane.close();
        }
    }

}
