package dev.o2o.inventory;

import dev.o2o.inventory.StockLedger.Entry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * What the {@link StockLedger} keeps of one sku: for each location, the figures its stock level is
 * made of, the safety stock setting in force, whether a low-stock alert stands, and the journal of
 * the movements the watermark has not yet passed by the retention. It is one state value per sku,
 * changed in place and written back after each movement, so that a movement costs one state read
 * and one write, and a checkpoint writes a location as a few numbers (see {@link
 * SkuStockSerializer}) rather than as a stock level record with its strings, once per state.
 */
final class SkuStock {
  /** {@link #foldTimer} when no fold timer is pending. */
  static final long NO_TIMER = Long.MIN_VALUE;

  /** {@link #earliestEntry} when every journal is empty. */
  static final long NO_ENTRY = Long.MAX_VALUE;

  private final Map<String, AtLocation> locations;

  /**
   * When the one event-time timer that folds this sku's journals is due, or {@link #NO_TIMER}. It
   * is never later than the fold time of the earliest entry in any journal of the sku.
   */
  long foldTimer = NO_TIMER;

  SkuStock() {
    this(new HashMap<>());
  }

  private SkuStock(Map<String, AtLocation> locations) {
    this.locations = locations;
  }

  /** The sku's stock at the location, empty until something happens there. */
  AtLocation at(String location) {
    return locations.computeIfAbsent(location, ignored -> new AtLocation());
  }

  /** Available to promise at the location; zero where nothing happened. */
  long available(String location) {
    AtLocation at = locations.get(location);
    return at == null ? 0 : at.available();
  }

  Map<String, AtLocation> locations() {
    return Collections.unmodifiableMap(locations);
  }

  boolean isEmpty() {
    return locations.isEmpty();
  }

  /** Drops from each journal the entries {@code foldable} accepts by their event time. */
  void fold(LongPredicate foldable) {
    locations.values().forEach(at -> at.fold(foldable));
  }

  /** The event time of the earliest entry in any journal of the sku, or {@link #NO_ENTRY}. */
  long earliestEntry() {
    long earliest = NO_ENTRY;
    for (AtLocation at : locations.values()) {
      if (!at.journal.isEmpty()) {
        earliest = Math.min(earliest, at.journal.get(0).at());
      }
    }
    return earliest;
  }

  /** A copy that changes apart from this one; entries are immutable and shared. */
  SkuStock copy() {
    Map<String, AtLocation> copied = new HashMap<>();
    locations.forEach((location, at) -> copied.put(location, at.copy()));
    SkuStock copy = new SkuStock(copied);
    copy.foldTimer = foldTimer;
    return copy;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SkuStock that
        && foldTimer == that.foldTimer
        && locations.equals(that.locations);
  }

  @Override
  public int hashCode() {
    return locations.hashCode() * 31 + Long.hashCode(foldTimer);
  }

  @Override
  public String toString() {
    return foldTimer == NO_TIMER ? locations.toString() : locations + " fold at " + foldTimer;
  }

  /**
   * One sku at one location. On hand is kept as it is after every movement applied; the journal
   * only orders the recent movements, so that one arriving late is placed among them.
   */
  static final class AtLocation {
    long onHand;
    long reserved;
    long version;
    Instant updatedAt = Instant.EPOCH;

    /** The safety stock setting in force (an absolute entry), or none. */
    Entry safety;

    /** Whether a low-stock alert was raised and not yet followed by a restock. */
    boolean low;

    final List<Entry> journal = new ArrayList<>();

    /** The latest absolute entry (a count) in the journal, or none; derived from the journal. */
    private Entry latestCount;

    long safetyStock() {
      return safety == null ? 0 : safety.quantity();
    }

    long available() {
      return Math.max(0, onHand - reserved - safetyStock());
    }

    /**
     * Adds the entry to the journal in event-time order and returns on hand with it, without
     * changing {@link #onHand}; returns on hand as it is when the journal holds the entry already.
     */
    long record(Entry entry) {
      int position = insertionPoint(entry);
      if (position < 0) {
        return onHand;
      }
      journal.add(position, entry);
      long after = onHandAfterInsert(journal, position, onHand, latestCount);
      if (entry.absolute()
          && (latestCount == null || Entry.ORDER.compare(entry, latestCount) > 0)) {
        latestCount = entry;
      }
      return after;
    }

    /**
     * Where the entry belongs in the journal, or -1 when the journal holds it already. Most entries
     * come after every other, so the last one is looked at before searching.
     */
    private int insertionPoint(Entry entry) {
      if (journal.isEmpty() || Entry.ORDER.compare(journal.get(journal.size() - 1), entry) < 0) {
        return journal.size();
      }
      int found = Collections.binarySearch(journal, entry, Entry.ORDER);
      return found >= 0 ? -1 : -found - 1;
    }

    void fold(LongPredicate foldable) {
      int folded = 0;
      while (folded < journal.size() && foldable.test(journal.get(folded).at())) {
        folded++;
      }
      if (folded == 0) {
        return;
      }
      journal.subList(0, folded).clear();
      if (latestCount != null
          && (journal.isEmpty() || Entry.ORDER.compare(latestCount, journal.get(0)) < 0)) {
        latestCount = null;
      }
    }

    /** Sets the journal as read back from a checkpoint. */
    void restoreJournal(List<Entry> entries) {
      journal.clear();
      journal.addAll(entries);
      latestCount = null;
      for (Entry entry : entries) {
        if (entry.absolute()) {
          latestCount = entry;
        }
      }
    }

    AtLocation copy() {
      AtLocation copy = new AtLocation();
      copy.onHand = onHand;
      copy.reserved = reserved;
      copy.version = version;
      copy.updatedAt = updatedAt;
      copy.safety = safety;
      copy.low = low;
      copy.journal.addAll(journal);
      copy.latestCount = latestCount;
      return copy;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof AtLocation that
          && onHand == that.onHand
          && reserved == that.reserved
          && version == that.version
          && updatedAt.equals(that.updatedAt)
          && java.util.Objects.equals(safety, that.safety)
          && low == that.low
          && journal.equals(that.journal);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(onHand, reserved, version, updatedAt, safety, low, journal);
    }

    @Override
    public String toString() {
      return "onHand=" + onHand + " reserved=" + reserved + " v" + version + " journal=" + journal;
    }
  }

  /**
   * On hand after the entry at {@code position} was inserted, given on hand before it and the
   * latest absolute entry the journal held before it. A later count already decides on hand, and
   * otherwise additions commute, so only an inserted count needs the entries after it.
   */
  static long onHandAfterInsert(
      List<Entry> entries, int position, long before, Entry latestCountBefore) {
    Entry inserted = entries.get(position);
    if (latestCountBefore != null && Entry.ORDER.compare(latestCountBefore, inserted) > 0) {
      return before;
    }
    if (!inserted.absolute()) {
      return before + inserted.quantity();
    }
    long laterChanges = 0;
    for (int i = position + 1; i < entries.size(); i++) {
      laterChanges += entries.get(i).quantity();
    }
    return inserted.quantity() + laterChanges;
  }
}
