package dev.o2o.jobs;

import java.util.Arrays;

/**
 * The ids {@link DropRepeats} has let through under one key, as 128-bit digests, each with the time
 * it is forgotten at: an open-addressing table in one array of longs. With the heap state backend
 * the ids are grouped into a few thousand such tables, so that a checkpoint writes each table as
 * one block of bytes rather than every id as a keyed entry of its own with its key, namespace and
 * time-to-live wrapper, which had been the largest part of the inventory job's checkpoints.
 *
 * <p>Forgotten ids stay in the table, ignored, until it grows; growing keeps only the ids still
 * remembered, so a table holds at most the ids of one retention period and those seen since it last
 * grew.
 */
final class SeenIds {
  private static final int STRIDE = 3;
  private static final int MIN_CAPACITY = 4;

  /** Per slot: the digest's high and low halves, and the time it is forgotten at (0: empty). */
  private long[] slots;

  private int occupied;

  SeenIds() {
    this(MIN_CAPACITY);
  }

  private SeenIds(int capacity) {
    slots = new long[capacity * STRIDE];
  }

  /**
   * Remembers the id until {@code forgetAt} and returns true, unless it is remembered already at
   * {@code now}: then it returns false and changes nothing.
   */
  boolean add(long high, long low, long now, long forgetAt) {
    if (forgetAt <= 0) {
      throw new IllegalArgumentException("an id must be remembered until a time after 0");
    }
    int slot = find(high, low);
    if (slots[slot + 2] != 0) {
      if (slots[slot + 2] > now) {
        return false;
      }
      slots[slot + 2] = forgetAt;
      return true;
    }
    if ((occupied + 1) * 2 > capacity()) {
      regrow(now);
      slot = find(high, low);
    }
    put(slot, high, low, forgetAt);
    return true;
  }

  /** The slot holding the id, or the empty slot where it belongs. */
  private int find(long high, long low) {
    int mask = capacity() - 1;
    int index = (int) (low ^ (low >>> 32) ^ high) & mask;
    while (true) {
      int slot = index * STRIDE;
      if (slots[slot + 2] == 0 || (slots[slot] == high && slots[slot + 1] == low)) {
        return slot;
      }
      index = (index + 1) & mask;
    }
  }

  private void put(int slot, long high, long low, long forgetAt) {
    slots[slot] = high;
    slots[slot + 1] = low;
    slots[slot + 2] = forgetAt;
    occupied++;
  }

  /**
   * Rebuilds the table with the ids still remembered at {@code now}, at most a quarter full; it
   * grows again past half. (Kept at most half full after growing and grown past two thirds, the
   * tables cost more CPU in the one run that tried it: 38.3 against 35.1 µs per event.)
   */
  private void regrow(long now) {
    long[] old = slots;
    int remembered = 0;
    for (int slot = 0; slot < old.length; slot += STRIDE) {
      if (old[slot + 2] > now) {
        remembered++;
      }
    }
    slots = new long[capacityFor(remembered + 1) * STRIDE];
    occupied = 0;
    for (int slot = 0; slot < old.length; slot += STRIDE) {
      if (old[slot + 2] > now) {
        put(find(old[slot], old[slot + 1]), old[slot], old[slot + 1], old[slot + 2]);
      }
    }
  }

  private static int capacityFor(int entries) {
    return Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, entries * 4 - 1)) << 1);
  }

  private int capacity() {
    return slots.length / STRIDE;
  }

  /** The ids held, forgotten ones included until the table grows. */
  int size() {
    return occupied;
  }

  /** Each held id as its high half, low half and forget time, in turn. */
  long[] entries() {
    long[] entries = new long[occupied * STRIDE];
    int next = 0;
    for (int slot = 0; slot < slots.length; slot += STRIDE) {
      if (slots[slot + 2] != 0) {
        System.arraycopy(slots, slot, entries, next, STRIDE);
        next += STRIDE;
      }
    }
    return entries;
  }

  /** A table of the given entries, as {@link #entries()} returns them. */
  static SeenIds of(long[] entries) {
    SeenIds ids = new SeenIds(capacityFor(entries.length / STRIDE));
    for (int i = 0; i < entries.length; i += STRIDE) {
      ids.put(ids.find(entries[i], entries[i + 1]), entries[i], entries[i + 1], entries[i + 2]);
    }
    return ids;
  }

  SeenIds copy() {
    SeenIds copy = new SeenIds(capacity());
    System.arraycopy(slots, 0, copy.slots, 0, slots.length);
    copy.occupied = occupied;
    return copy;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof SeenIds that) || that.occupied != occupied) {
      return false;
    }
    long[] mine = entries();
    for (int i = 0; i < mine.length; i += STRIDE) {
      int slot = that.find(mine[i], mine[i + 1]);
      if (that.slots[slot + 2] != mine[i + 2]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    long[] mine = entries();
    long hash = 0;
    for (int i = 0; i < mine.length; i += STRIDE) {
      hash += Arrays.hashCode(new long[] {mine[i], mine[i + 1], mine[i + 2]});
    }
    return Long.hashCode(hash);
  }
}
