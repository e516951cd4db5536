package io.storeorchestrator.api.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny authoritative DNS server over UDP for tests: it answers TXT queries from a map the test fills (RFC 1035 wire
 * format, one question per query), NXDOMAIN for any other name. Enough for the JDK's JNDI DNS client to do a real
 * protocol round trip against it, so domain verification is tested through the production resolver.
 */
public final class TestDnsServer implements AutoCloseable {

    private static final int TYPE_TXT = 16;
    private static final int CLASS_IN = 1;

    private final DatagramSocket socket;
    private final Map<String, List<String>> txt = new ConcurrentHashMap<>();
    private final AtomicInteger queries = new AtomicInteger();
    private final Thread thread;

    private TestDnsServer() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        thread = Thread.ofPlatform().daemon().name("test-dns").start(this::serve);
    }

    public static TestDnsServer start() {
        try {
            return new TestDnsServer();
        } catch (SocketException e) {
            throw new IllegalStateException("cannot open a UDP socket for the test DNS server", e);
        }
    }

    /** {@code 127.0.0.1:port}, what DOMAIN_DNS_SERVER takes. */
    public String address() {
        return socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    /** Publishes TXT records at {@code name} (replacing any). */
    public void publishTxt(String name, String... values) {
        txt.put(name.toLowerCase(Locale.ROOT), List.of(values));
    }

    /** TXT queries answered so far. */
    public int queries() {
        return queries.get();
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                byte[] answer = answer(ByteBuffer.wrap(packet.getData(), 0, packet.getLength()));
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private byte[] answer(ByteBuffer query) {
        int id = query.getShort() & 0xffff;
        int flags = query.getShort() & 0xffff;
        query.position(12);
        int questionStart = query.position();
        StringBuilder name = new StringBuilder();
        for (int length = query.get() & 0xff; length > 0; length = query.get() & 0xff) {
            byte[] label = new byte[length];
            query.get(label);
            name.append(name.isEmpty() ? "" : ".").append(new String(label, StandardCharsets.US_ASCII));
        }
        int type = query.getShort() & 0xffff;
        query.getShort(); // class
        int questionEnd = query.position();
        List<String> records = type == TYPE_TXT ? txt.get(name.toString().toLowerCase(Locale.ROOT)) : null;
        if (type == TYPE_TXT) {
            queries.incrementAndGet();
        }
        boolean known = records != null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // QR, the query's opcode and RD, AA; RCODE 3 (NXDOMAIN) for a name we hold nothing for.
        int responseFlags = 0x8000 | (flags & 0x7900) | 0x0400 | (known ? 0 : 3);
        writeShort(out, id);
        writeShort(out, responseFlags);
        writeShort(out, 1);
        writeShort(out, known ? records.size() : 0);
        writeShort(out, 0);
        writeShort(out, 0);
        out.write(query.array(), query.arrayOffset() + questionStart, questionEnd - questionStart);
        if (known) {
            for (String record : records) {
                writeShort(out, 0xc00c); // the question's name
                writeShort(out, TYPE_TXT);
                writeShort(out, CLASS_IN);
                writeShort(out, 0);
                writeShort(out, 60); // TTL
                byte[] text = record.getBytes(StandardCharsets.UTF_8);
                writeShort(out, text.length + 1);
                out.write(text.length);
                out.write(text, 0, text.length);
            }
        }
        return out.toByteArray();
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write((value >> 8) & 0xff);
        out.write(value & 0xff);
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
