package io.backchannel.load.connections;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Source addresses for client sockets, all in 127.0.0.0/8 (every one of them reaches the
 * loopback interface on Linux): socket {@code i} uses the {@code i / perSource}-th
 * address from {@code first}, skipping those ending in .0 and .255. Each address has its
 * own ephemeral ports, so many addresses hold more sockets to one server port than the
 * ephemeral range allows one address.
 */
final class SourceAddresses {

    private final int perSource;

    private int next;

    private final List<InetAddress> addresses = new ArrayList<>();

    SourceAddresses(String first, int perSource) {
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(first).getAddress();
        }
        catch (UnknownHostException ex) {
            throw new IllegalArgumentException(first + " is not an IPv4 address");
        }
        if (bytes.length != 4 || bytes[0] != 127) {
            throw new IllegalArgumentException(first + " is not in 127.0.0.0/8");
        }
        this.next = ((bytes[0] & 0xFF) << 24) | ((bytes[1] & 0xFF) << 16) | ((bytes[2] & 0xFF) << 8)
                | (bytes[3] & 0xFF);
        this.perSource = perSource;
    }

    /** The address socket {@code index} binds to. */
    InetAddress forSocket(int index) {
        int k = index / this.perSource;
        synchronized (this.addresses) {
            while (this.addresses.size() <= k) {
                int candidate = this.next++;
                if ((candidate >>> 24) != 127) {
                    throw new IllegalStateException("ran out of 127.0.0.0/8 addresses");
                }
                int last = candidate & 0xFF;
                if (last != 0 && last != 255) {
                    this.addresses.add(address(candidate));
                }
            }
            return this.addresses.get(k);
        }
    }

    /** How many addresses the first {@code sockets} sockets use. */
    int used(int sockets) {
        return (sockets + this.perSource - 1) / this.perSource;
    }

    private static InetAddress address(int value) {
        try {
            return InetAddress.getByAddress(
                    new byte[] { (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value });
        }
        catch (UnknownHostException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
