package dev.o2o.contract;

import java.time.Duration;
import java.time.Instant;

/**
 * What one store saw in one minute of event time. Each figure belongs to the minute in which its
 * event happened:
 *
 * <ul>
 *   <li>{@code doorEntries}, {@code doorExits}: people through the doors, from the door counters;
 *   <li>{@code visits}: identified visits that began, each either {@code newVisitors} (the member
 *       had no earlier visit to any store within the configured lookback) or {@code
 *       returningVisitors};
 *   <li>{@code closedVisits}: visits that ended (their last sighting) in the minute, spread over
 *       the dwell buckets {@code dwellUnder5Min} to {@code dwellOver60Min}, and of them {@code
 *       convertedVisits}, those with a till sale to the member in that store during the visit;
 *   <li>{@code offersSent}: arrival offers issued; {@code offersRedeemed}: offers redeemed at a
 *       till.
 * </ul>
 *
 * Records written before the figures beyond {@code visits} existed decode with those figures zero.
 */
public record FootfallMinute(
    String storeId,
    Instant minute,
    long doorEntries,
    long visits,
    long doorExits,
    long newVisitors,
    long returningVisitors,
    long closedVisits,
    long convertedVisits,
    long dwellUnder5Min,
    long dwell5To15Min,
    long dwell15To30Min,
    long dwell30To60Min,
    long dwellOver60Min,
    long offersSent,
    long offersRedeemed) {

  /** A minute with door entries and begun visits only. */
  public FootfallMinute(String storeId, Instant minute, long doorEntries, long visits) {
    this(storeId, minute, doorEntries, visits, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  public static FootfallMinute none(String storeId, Instant minute) {
    return new FootfallMinute(storeId, minute, 0, 0);
  }

  public static String key(String storeId, Instant minute) {
    return storeId + "@" + minute;
  }

  public String key() {
    return key(storeId, minute);
  }

  /** This minute's figures with another's added, figure by figure. */
  public FootfallMinute plus(FootfallMinute other) {
    return new FootfallMinute(
        storeId,
        minute,
        doorEntries + other.doorEntries,
        visits + other.visits,
        doorExits + other.doorExits,
        newVisitors + other.newVisitors,
        returningVisitors + other.returningVisitors,
        closedVisits + other.closedVisits,
        convertedVisits + other.convertedVisits,
        dwellUnder5Min + other.dwellUnder5Min,
        dwell5To15Min + other.dwell5To15Min,
        dwell15To30Min + other.dwell15To30Min,
        dwell30To60Min + other.dwell30To60Min,
        dwellOver60Min + other.dwellOver60Min,
        offersSent + other.offersSent,
        offersRedeemed + other.offersRedeemed);
  }

  /** Door traffic: people who came in and went out. */
  public static FootfallMinute door(String storeId, Instant minute, long entries, long exits) {
    return new FootfallMinute(storeId, minute, entries, 0, exits, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** An identified visit that began, by a new or a returning visitor. */
  public static FootfallMinute visitBegun(String storeId, Instant minute, boolean returning) {
    return new FootfallMinute(
        storeId, minute, 0, 1, 0, returning ? 0 : 1, returning ? 1 : 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** A begun visit found to be a returning visitor's after it was counted as a new one's. */
  public static FootfallMinute visitorReturned(String storeId, Instant minute) {
    return new FootfallMinute(storeId, minute, 0, 0, 0, -1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** A visit that ended after {@code dwell}, converted or not. */
  public static FootfallMinute visitClosed(
      String storeId, Instant minute, Duration dwell, boolean converted) {
    long minutes = dwell.toMinutes();
    return new FootfallMinute(
        storeId,
        minute,
        0,
        0,
        0,
        0,
        0,
        1,
        converted ? 1 : 0,
        minutes < 5 ? 1 : 0,
        minutes >= 5 && minutes < 15 ? 1 : 0,
        minutes >= 15 && minutes < 30 ? 1 : 0,
        minutes >= 30 && minutes < 60 ? 1 : 0,
        minutes >= 60 ? 1 : 0,
        0,
        0);
  }

  /** A closed visit found to be converted by a purchase that arrived after it closed. */
  public static FootfallMinute visitConverted(String storeId, Instant minute) {
    return new FootfallMinute(storeId, minute, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0);
  }

  public static FootfallMinute offerSent(String storeId, Instant minute) {
    return new FootfallMinute(storeId, minute, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0);
  }

  public static FootfallMinute offerRedeemed(String storeId, Instant minute) {
    return new FootfallMinute(storeId, minute, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
  }
}
