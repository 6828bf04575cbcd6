package io.backchannel.load.rawhttp;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One request waiting for its answer: the thread that sent it parks until the I/O loop
 * completes it with the answer or a failure, or its deadline passes. The first outcome
 * wins.
 */
final class Exchange {

    /** The outcome of an exchange whose deadline passed first. */
    static final Object TIMED_OUT = new Object();

    /** The outcome of an exchange whose thread was interrupted first. */
    static final Object INTERRUPTED = new Object();

    private static final VarHandle OUTCOME;

    static {
        try {
            OUTCOME = MethodHandles.lookup().findVarHandle(Exchange.class, "outcome", Object.class);
        }
        catch (ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Thread waiter = Thread.currentThread();

    @SuppressWarnings("unused") // through OUTCOME
    private volatile Object outcome;

    /** Completes it with an answer, if nothing did before. */
    void answer(HttpAnswer answer) {
        complete(answer);
    }

    /** Completes it with a failure, if nothing did before. */
    void fail(IOException failure) {
        complete(failure);
    }

    private boolean complete(Object value) {
        if (OUTCOME.compareAndSet(this, null, value)) {
            LockSupport.unpark(this.waiter);
            return true;
        }
        return false;
    }

    /**
     * Waits for the outcome, by the sending thread.
     * @param deadline {@link System#nanoTime} after which it times out
     * @return an {@link HttpAnswer}, an {@link IOException} or {@link #TIMED_OUT}
     * @throws InterruptedException when interrupted before an outcome
     */
    Object await(long deadline) throws InterruptedException {
        while (true) {
            Object value = this.outcome;
            if (value != null) {
                return value;
            }
            if (Thread.interrupted()) {
                if (complete(INTERRUPTED)) {
                    throw new InterruptedException();
                }
                Thread.currentThread().interrupt();
                return this.outcome;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                if (complete(TIMED_OUT)) {
                    return TIMED_OUT;
                }
                return this.outcome;
            }
            LockSupport.parkNanos(this, left);
        }
    }

}
