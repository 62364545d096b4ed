package dev.o2o.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's store-and-forward log on disk: Kafka records that could not be sent, appended in
 * the order they came and read back in that order. It is a directory of append-only segment files,
 * each named by the position of its first byte, and a {@code position} file that says how far the
 * records were replayed into Kafka. A segment is deleted once every record in it was replayed.
 *
 * <p>A segment starts with a header ({@link #MAGIC} and the format version). Each record is its
 * body's length (4 bytes), the CRC-32C of the body (4 bytes) and the body: the topic (2-byte length
 * and UTF-8), the key (4-byte length, -1 for none, and UTF-8) and the value (4-byte length and
 * bytes); integers are big-endian. A record cut short by a crash, or whose checksum does not match,
 * ends its segment: on opening, the newest segment is truncated there, and the records after it in
 * an older segment (which only a damaged disk can produce) are reported and skipped.
 *
 * <p>Durability: with {@code fsync}, the future an append returns completes only once the record
 * was forced to disk; one thread forces the file for every append waiting, so concurrent appends
 * share one fsync. Without, it completes once the record is written to the operating system, which
 * survives a crash of the gateway but not of the machine. The position is written without fsync (by
 * atomic rename): after a power cut it may lag, and records are then replayed a second time, which
 * the jobs drop by event id.
 *
 * <p>Bounded: the segment files together never exceed {@code maxBytes}, except for one record
 * larger than the whole spool, which is let in when the spool is empty. An append that does not fit
 * is refused and the caller keeps the record until {@link #commit} frees room.
 */
final class Spool implements AutoCloseable {
  /** One spooled Kafka record. */
  record Entry(String topic, String key, byte[] value) {}

  /** Records read from the spool, and the position just after the last of them. */
  record Batch(List<Entry> entries, long end) {
    boolean isEmpty() {
      return entries.isEmpty();
    }
  }

  static final byte[] MAGIC = "O2OSPOOL".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int HEADER_BYTES = MAGIC.length + Integer.BYTES;
  static final int RECORD_OVERHEAD = 2 * Integer.BYTES;

  /** Larger bodies are taken for a damaged length field. */
  static final int MAX_BODY_BYTES = 16 << 20;

  static final String SUFFIX = ".spool";
  static final String POSITION_FILE = "position";

  private static final Logger LOG = LoggerFactory.getLogger(Spool.class);

  private final Path dir;
  private final long maxBytes;
  private final long segmentBytes;
  private final boolean fsync;

  /** Segments by the position of their first byte; the last one is appended to. */
  private final TreeMap<Long, Segment> segments = new TreeMap<>();

  private FileChannel active;
  private long end;
  private long committed;
  private long events;
  private long diskBytes;
  private boolean closed;

  private final Deque<PendingSync> syncs = new ArrayDeque<>();
  private final Thread syncer;

  private Spool(Path dir, long maxBytes, long segmentBytes, boolean fsync) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.segmentBytes = segmentBytes;
    this.fsync = fsync;
    this.syncer = new Thread(this::syncLoop, "o2o-spool-sync");
    this.syncer.setDaemon(true);
  }

  /**
   * Opens the spool in {@code dir}, creating it if needed, checks every record not yet replayed and
   * truncates a torn record at the end of the newest segment.
   */
  static Spool open(Path dir, long maxBytes, long segmentBytes, boolean fsync) {
    Spool spool = new Spool(dir, maxBytes, segmentBytes, fsync);
    try {
      spool.recover();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the gateway spool in " + dir, e);
    }
    if (fsync) {
      spool.syncer.start();
    }
    return spool;
  }

  private void recover() throws IOException {
    Files.createDirectories(dir);
    List<Long> bases = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(SUFFIX)) {
          try {
            bases.add(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())));
          } catch (NumberFormatException e) {
            LOG.warn("ignoring {} in the spool: not a segment name", file);
          }
        }
      }
    }
    bases.sort(null);
    committed = readPosition().orElse(bases.isEmpty() ? 0 : bases.get(0));
    for (int i = 0; i < bases.size(); i++) {
      long base = bases.get(i);
      boolean newest = i == bases.size() - 1;
      Path file = segmentFile(base);
      long size = Files.size(file);
      if (!newest && base + size <= committed) {
        Files.delete(file);
        continue;
      }
      Segment segment = new Segment(base, file);
      Scan scan = scan(file, base, Math.max(committed, base + HEADER_BYTES));
      if (!scan.headerValid) {
        if (newest) {
          // A crash right after the file was created: start it again.
          writeHeader(file);
          segment.validEnd = base + HEADER_BYTES;
        } else {
          LOG.error("spool segment {} has no valid header; its records cannot be replayed", file);
          segment.validEnd = base + HEADER_BYTES;
        }
      } else {
        segment.validEnd = scan.validEnd;
        events += scan.records;
        if (scan.validEnd < base + size) {
          if (newest) {
            LOG.warn(
                "spool segment {}: dropping a torn record of {} bytes at its end (written when the"
                    + " gateway stopped; it was never acknowledged, so the broker redelivers it)",
                file,
                base + size - scan.validEnd);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
              channel.truncate(scan.validEnd - base);
              channel.force(true);
            }
          } else {
            LOG.error(
                "spool segment {} is damaged at byte {}: the {} bytes after it are skipped",
                file,
                scan.validEnd - base,
                base + size - scan.validEnd);
          }
        }
      }
      segment.size = newest ? segment.validEnd - base : size;
      segments.put(base, segment);
    }
    if (segments.isEmpty()) {
      startSegment(committed);
    } else {
      Segment last = segments.lastEntry().getValue();
      active = FileChannel.open(last.file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      end = last.validEnd;
    }
    if (committed < segments.firstKey() || committed > end) {
      committed = segments.firstKey();
    }
    diskBytes = segments.values().stream().mapToLong(s -> s.size).sum();
    if (events > 0) {
      LOG.info("gateway spool in {} holds {} events to replay", dir, events);
    }
  }

  /**
   * Appends a record, or returns empty when it does not fit. The future completes once the record
   * is durable as configured (see the class comment); it fails if the disk refused it.
   */
  synchronized Optional<CompletableFuture<Void>> append(Entry entry) {
    if (closed) {
      throw new IllegalStateException("the spool is closed");
    }
    ByteBuffer record = encode(entry);
    int length = record.remaining();
    Segment current = segments.lastEntry().getValue();
    boolean roll = current.size > HEADER_BYTES && current.size + length > segmentBytes;
    long needed = length + (roll ? HEADER_BYTES : 0);
    if (diskBytes + needed > maxBytes && events > 0) {
      return Optional.empty();
    }
    try {
      if (roll) {
        rollSegment();
        current = segments.lastEntry().getValue();
      }
      while (record.hasRemaining()) {
        active.write(record);
      }
    } catch (IOException e) {
      return Optional.of(CompletableFuture.failedFuture(e));
    }
    end += length;
    current.size += length;
    current.validEnd = end;
    diskBytes += length;
    events++;
    if (!fsync) {
      return Optional.of(CompletableFuture.completedFuture(null));
    }
    CompletableFuture<Void> synced = new CompletableFuture<>();
    syncs.add(new PendingSync(end, synced));
    notifyAll();
    return Optional.of(synced);
  }

  /** Reads up to {@code maxEntries} records (and about {@code maxBytes}) after the position. */
  Batch read(int maxEntries, long maxBytes) {
    long position;
    Map.Entry<Long, Segment> at;
    synchronized (this) {
      position = committed;
      at = segments.floorEntry(position);
    }
    List<Entry> entries = new ArrayList<>();
    long bytes = 0;
    while (at != null && entries.size() < maxEntries && bytes < maxBytes) {
      Segment segment = at.getValue();
      long validEnd;
      synchronized (this) {
        validEnd = segment.validEnd;
      }
      position = Math.max(position, segment.base + HEADER_BYTES);
      if (position < validEnd) {
        try (FileChannel channel = FileChannel.open(segment.file, StandardOpenOption.READ)) {
          channel.position(position - segment.base);
          while (position < validEnd && entries.size() < maxEntries && bytes < maxBytes) {
            ByteBuffer head = readFully(channel, RECORD_OVERHEAD);
            int bodyLength = head.getInt();
            int crc = head.getInt();
            ByteBuffer body = readFully(channel, bodyLength);
            if (crc(body) != crc) {
              throw new IOException("checksum mismatch at byte " + (position - segment.base));
            }
            entries.add(decode(body));
            position += RECORD_OVERHEAD + bodyLength;
            bytes += RECORD_OVERHEAD + bodyLength;
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the spool segment " + segment.file, e);
        }
      }
      if (position < validEnd) {
        break;
      }
      synchronized (this) {
        if (segment.validEnd > position) {
          // Appended to while it was read: read the rest before any segment rolled after it.
          continue;
        }
        at = segments.higherEntry(segment.base);
      }
      if (at != null) {
        position = at.getKey();
      }
    }
    return new Batch(List.copyOf(entries), position);
  }

  /**
   * Marks the records before {@code position} (a {@link Batch#end()}) as replayed: {@code count}
   * events. Segments wholly replayed are deleted; once everything was, the spool starts afresh.
   */
  synchronized void commit(long position, int count) {
    committed = position;
    events -= count;
    try {
      while (segments.size() > 1 && segments.higherKey(segments.firstKey()) <= position) {
        Segment done = segments.pollFirstEntry().getValue();
        Files.deleteIfExists(done.file);
        diskBytes -= done.size;
      }
      if (committed >= end && segments.lastEntry().getValue().size > HEADER_BYTES) {
        Segment done = segments.pollFirstEntry().getValue();
        active.close();
        Files.deleteIfExists(done.file);
        diskBytes -= done.size;
        startSegment(end);
      }
      writePosition(position);
    } catch (IOException e) {
      // Replayed records may be replayed again after a restart; the jobs drop them by event id.
      LOG.warn("cannot record the spool's replay position {}: {}", position, e.toString());
    }
  }

  /** Events appended and not yet replayed. */
  synchronized long events() {
    return events;
  }

  /** Bytes the segment files take on disk, what {@code maxBytes} bounds. */
  synchronized long diskBytes() {
    return diskBytes;
  }

  synchronized boolean isEmpty() {
    return events == 0;
  }

  /** Forces what was appended and stops; appends still waiting for their fsync complete first. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      notifyAll();
    }
    try {
      syncer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      try {
        active.force(false);
        active.close();
      } catch (IOException e) {
        LOG.warn("cannot close the spool cleanly", e);
      }
      syncs.forEach(s -> s.synced.completeExceptionally(new ClosedChannelException()));
      syncs.clear();
    }
  }

  private void syncLoop() {
    while (true) {
      FileChannel channel;
      long target;
      synchronized (this) {
        while (syncs.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (syncs.isEmpty()) {
          return;
        }
        channel = active;
        target = end;
      }
      IOException failure = null;
      try {
        channel.force(false);
      } catch (ClosedChannelException e) {
        // The segment was rolled (and forced) or the spool closed; see below.
      } catch (IOException e) {
        failure = e;
      }
      List<PendingSync> done = new ArrayList<>();
      synchronized (this) {
        while (!syncs.isEmpty() && syncs.peekFirst().position <= target) {
          done.add(syncs.pollFirst());
        }
      }
      // Completed outside the lock: what waits on them acknowledges messages to the broker.
      for (PendingSync sync : done) {
        if (failure == null) {
          sync.synced.complete(null);
        } else {
          sync.synced.completeExceptionally(failure);
        }
      }
    }
  }

  private void rollSegment() throws IOException {
    active.force(false);
    active.close();
    startSegment(end);
  }

  private void startSegment(long base) throws IOException {
    Path file = segmentFile(base);
    writeHeader(file);
    Segment segment = new Segment(base, file);
    segment.size = HEADER_BYTES;
    segment.validEnd = base + HEADER_BYTES;
    segments.put(base, segment);
    active = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    end = base + HEADER_BYTES;
    diskBytes += HEADER_BYTES;
    if (fsync) {
      forceDirectory();
    }
  }

  private void writeHeader(Path file) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).put(MAGIC).putInt(VERSION).flip();
    try (FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      while (header.hasRemaining()) {
        channel.write(header);
      }
      if (fsync) {
        channel.force(true);
      }
    }
  }

  /** Makes a new segment's directory entry durable too (supported on Linux, skipped elsewhere). */
  private void forceDirectory() {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      LOG.debug("cannot force the spool directory {}: {}", dir, e.toString());
    }
  }

  private Path segmentFile(long base) {
    return dir.resolve(String.format("%020d%s", base, SUFFIX));
  }

  private Optional<Long> readPosition() throws IOException {
    Path file = dir.resolve(POSITION_FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    ByteBuffer content = ByteBuffer.wrap(Files.readAllBytes(file));
    if (content.remaining() != Long.BYTES + Integer.BYTES) {
      LOG.warn("spool position file {} is damaged; replaying from the oldest segment", file);
      return Optional.empty();
    }
    long position = content.getLong();
    int crc = content.getInt();
    if (crc(ByteBuffer.allocate(Long.BYTES).putLong(position).flip()) != crc) {
      LOG.warn("spool position file {} is damaged; replaying from the oldest segment", file);
      return Optional.empty();
    }
    return Optional.of(position);
  }

  private void writePosition(long position) throws IOException {
    ByteBuffer value = ByteBuffer.allocate(Long.BYTES).putLong(position).flip();
    int crc = crc(value);
    ByteBuffer content =
        ByteBuffer.allocate(Long.BYTES + Integer.BYTES).putLong(position).putInt(crc).flip();
    Path temporary = dir.resolve(POSITION_FILE + ".tmp");
    Files.write(temporary, content.array());
    try {
      Files.move(
          temporary,
          dir.resolve(POSITION_FILE),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, dir.resolve(POSITION_FILE), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** What a scan of one segment found: whether its header is sound, its records, where they end. */
  private record Scan(boolean headerValid, long records, long validEnd) {}

  /** Reads a segment from {@code from} and stops at its end or at the first bad record. */
  private static Scan scan(Path file, long base, long from) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < HEADER_BYTES) {
        return new Scan(false, 0, base + HEADER_BYTES);
      }
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      channel.read(header, 0);
      header.flip();
      byte[] magic = new byte[MAGIC.length];
      header.get(magic);
      if (!Arrays.equals(magic, MAGIC) || header.getInt() != VERSION) {
        return new Scan(false, 0, base + HEADER_BYTES);
      }
      long offset = from - base;
      long records = 0;
      ByteBuffer head = ByteBuffer.allocate(RECORD_OVERHEAD);
      while (offset + RECORD_OVERHEAD <= size) {
        head.clear();
        channel.read(head, offset);
        head.flip();
        int bodyLength = head.getInt();
        int crc = head.getInt();
        if (bodyLength < 0
            || bodyLength > MAX_BODY_BYTES
            || offset + RECORD_OVERHEAD + bodyLength > size) {
          break;
        }
        ByteBuffer body = ByteBuffer.allocate(bodyLength);
        while (body.hasRemaining()) {
          if (channel.read(body, offset + RECORD_OVERHEAD + body.position()) < 0) {
            break;
          }
        }
        body.flip();
        if (crc(body) != crc) {
          break;
        }
        offset += RECORD_OVERHEAD + bodyLength;
        records++;
      }
      return new Scan(true, records, base + offset);
    }
  }

  static ByteBuffer encode(Entry entry) {
    byte[] topic = entry.topic().getBytes(StandardCharsets.UTF_8);
    byte[] key = entry.key() == null ? null : entry.key().getBytes(StandardCharsets.UTF_8);
    int bodyLength =
        Short.BYTES
            + topic.length
            + Integer.BYTES
            + (key == null ? 0 : key.length)
            + Integer.BYTES
            + entry.value().length;
    ByteBuffer record = ByteBuffer.allocate(RECORD_OVERHEAD + bodyLength);
    record.putInt(bodyLength).putInt(0);
    record.putShort((short) topic.length).put(topic);
    if (key == null) {
      record.putInt(-1);
    } else {
      record.putInt(key.length).put(key);
    }
    record.putInt(entry.value().length).put(entry.value());
    record.putInt(Integer.BYTES, crc(record.slice(RECORD_OVERHEAD, bodyLength)));
    return record.flip();
  }

  static Entry decode(ByteBuffer body) {
    byte[] topic = new byte[body.getShort()];
    body.get(topic);
    int keyLength = body.getInt();
    String key = null;
    if (keyLength >= 0) {
      byte[] keyBytes = new byte[keyLength];
      body.get(keyBytes);
      key = new String(keyBytes, StandardCharsets.UTF_8);
    }
    byte[] value = new byte[body.getInt()];
    body.get(value);
    return new Entry(new String(topic, StandardCharsets.UTF_8), key, value);
  }

  private static int crc(ByteBuffer bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes.duplicate());
    return (int) crc.getValue();
  }

  private static ByteBuffer readFully(FileChannel channel, int length) throws IOException {
    if (length < 0 || length > MAX_BODY_BYTES) {
      throw new IOException("a record length of " + length + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new IOException("a record cut short");
      }
    }
    return buffer.flip();
  }

  private static final class Segment {
    final long base;
    final Path file;
    long size;
    long validEnd;

    Segment(long base, Path file) {
      this.base = base;
      this.file = file;
    }
  }

  private record PendingSync(long position, CompletableFuture<Void> synced) {}
}
