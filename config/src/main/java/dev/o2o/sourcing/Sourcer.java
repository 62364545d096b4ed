package dev.o2o.sourcing;

import dev.o2o.config.EngineConfig;
import dev.o2o.config.GeoPoint;
import dev.o2o.config.SalesChannel;
import dev.o2o.config.StockLocation;
import dev.o2o.contract.Coordinates;
import dev.o2o.contract.Fulfilment;
import dev.o2o.contract.Sourcing;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Decides where an order line's units come from, given what each location has available to promise.
 * The inventory job uses it to reserve, and the API to preview, so both answer alike.
 *
 * <p>Click and collect is served by the chosen store when it has the units; else by the nearest
 * store that serves click and collect, has them, and lies within {@code collectRadiusKm} of the
 * chosen store; else by the nearest location that ships, which sends them to the chosen store (a
 * transfer). It is never split: the customer collects in one place.
 *
 * <p>A shipped line comes from the nearest location that ships and has all of it, nearest to {@code
 * shipTo}, else to the preferred store, else to the warehouse (so the warehouse comes first when
 * the order says nothing). When no single location has all of it, it is split across the nearest
 * locations with stock, at most {@code splitCap} of them.
 *
 * <p>Locations in the request's {@code excluded} set (stores that rejected the order) are never
 * chosen to hold the units.
 */
public final class Sourcer implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What needs sourcing: one line of an order. */
  public record Request(
      Fulfilment fulfilment,
      String storeId,
      Coordinates shipTo,
      String sku,
      int quantity,
      Set<String> excluded) {
    public Request {
      excluded = Set.copyOf(excluded);
    }
  }

  /** Units held at one location, and why there. */
  public record Allocation(
      String locationId, int quantity, Sourcing sourcing, String transferTo, double distanceKm) {}

  /** The allocations that cover the line, or, when it cannot be covered, the reason. */
  public record Plan(List<Allocation> allocations, String refusal) {
    public Plan {
      allocations = List.copyOf(allocations);
    }

    static Plan of(List<Allocation> allocations) {
      return new Plan(allocations, null);
    }

    static Plan refused(String reason) {
      return new Plan(List.of(), reason);
    }

    public boolean accepted() {
      return refusal == null;
    }
  }

  private final Map<String, StockLocation> locations = new LinkedHashMap<>();
  private final String warehouseId;
  private final int splitCap;
  private final double collectRadiusKm;

  public Sourcer(
      List<StockLocation> locations, String warehouseId, int splitCap, double collectRadiusKm) {
    locations.forEach(location -> this.locations.put(location.id(), location));
    if (!this.locations.containsKey(warehouseId)) {
      throw new IllegalArgumentException("unknown warehouse " + warehouseId);
    }
    this.warehouseId = warehouseId;
    this.splitCap = splitCap;
    this.collectRadiusKm = collectRadiusKm;
  }

  /** The sourcing of an engine: its stock locations, under its inventory settings. */
  public static Sourcer of(EngineConfig config) {
    return new Sourcer(
        config.stockLocations(),
        config.warehouse().id(),
        config.inventory().splitCap(),
        config.inventory().collectRadiusKm());
  }

  public Optional<StockLocation> location(String id) {
    return Optional.ofNullable(locations.get(id));
  }

  /**
   * Sources one line.
   *
   * @param available what each location has available to promise of the line's sku
   */
  public Plan source(Request request, ToLongFunction<String> available) {
    return request.fulfilment() == Fulfilment.CLICK_AND_COLLECT
        ? collect(request, available)
        : ship(request, available);
  }

  private Plan collect(Request request, ToLongFunction<String> available) {
    StockLocation chosen = locations.get(request.storeId());
    int wanted = request.quantity();
    if (chosen == null || !chosen.store() || !chosen.serves(SalesChannel.COLLECT)) {
      return Plan.refused("store " + request.storeId() + " does not offer click and collect");
    }
    boolean chosenRefused = request.excluded().contains(chosen.id());
    if (!chosenRefused && available.applyAsLong(chosen.id()) >= wanted) {
      return single(chosen, wanted, Sourcing.CHOSEN_STORE, null, 0);
    }
    Optional<StockLocation> nearbyStore =
        nearest(chosen.point(), request, available, SalesChannel.COLLECT)
            .filter(StockLocation::store)
            .filter(store -> store.point().distanceKm(chosen.point()) <= collectRadiusKm)
            .filter(store -> available.applyAsLong(store.id()) >= wanted)
            .findFirst();
    if (nearbyStore.isPresent()) {
      StockLocation store = nearbyStore.get();
      return single(
          store, wanted, Sourcing.NEAREST_STORE, null, store.point().distanceKm(chosen.point()));
    }
    Optional<StockLocation> sender =
        nearest(chosen.point(), request, available, SalesChannel.SHIP)
            .filter(location -> available.applyAsLong(location.id()) >= wanted)
            .findFirst();
    if (sender.isPresent()) {
      StockLocation from = sender.get();
      return single(
          from, wanted, Sourcing.TRANSFER, chosen.id(), from.point().distanceKm(chosen.point()));
    }
    return Plan.refused(
        "no location can supply "
            + wanted
            + " of "
            + request.sku()
            + " for collection at "
            + chosen.id()
            + (chosenRefused ? ", which rejected the order" : ""));
  }

  private Plan ship(Request request, ToLongFunction<String> available) {
    GeoPoint origin = origin(request);
    int wanted = request.quantity();
    List<StockLocation> candidates =
        nearest(origin, request, available, SalesChannel.SHIP)
            .filter(location -> available.applyAsLong(location.id()) > 0)
            .toList();
    if (candidates.isEmpty()) {
      return Plan.refused("no location that ships has " + request.sku() + " in stock");
    }
    Optional<StockLocation> whole =
        candidates.stream().filter(l -> available.applyAsLong(l.id()) >= wanted).findFirst();
    if (whole.isPresent()) {
      StockLocation from = whole.get();
      return single(from, wanted, Sourcing.SHIP_FROM, null, from.point().distanceKm(origin));
    }
    List<Allocation> split = new ArrayList<>();
    int missing = wanted;
    for (StockLocation from : candidates.subList(0, Math.min(splitCap, candidates.size()))) {
      int taken = (int) Math.min(missing, available.applyAsLong(from.id()));
      split.add(
          new Allocation(
              from.id(), taken, Sourcing.SHIP_FROM, null, from.point().distanceKm(origin)));
      missing -= taken;
    }
    if (missing == 0) {
      return Plan.of(split);
    }
    return Plan.refused(
        "only "
            + (wanted - missing)
            + " of "
            + wanted
            + " "
            + request.sku()
            + " in stock across the "
            + Math.min(splitCap, candidates.size())
            + " nearest locations that ship (split cap "
            + splitCap
            + ")");
  }

  /** Where a shipped line's distances are measured from. */
  private GeoPoint origin(Request request) {
    if (request.shipTo() != null) {
      return new GeoPoint(request.shipTo().latitude(), request.shipTo().longitude());
    }
    StockLocation preferred = request.storeId() == null ? null : locations.get(request.storeId());
    return preferred != null ? preferred.point() : locations.get(warehouseId).point();
  }

  /** Locations serving the channel and not excluded, nearest first, ties by id. */
  private java.util.stream.Stream<StockLocation> nearest(
      GeoPoint from, Request request, ToLongFunction<String> available, SalesChannel channel) {
    return locations.values().stream()
        .filter(location -> location.serves(channel))
        .filter(location -> !request.excluded().contains(location.id()))
        .sorted(
            Comparator.comparingDouble((StockLocation l) -> l.point().distanceKm(from))
                .thenComparing(StockLocation::id));
  }

  private static Plan single(
      StockLocation at, int quantity, Sourcing sourcing, String transferTo, double distanceKm) {
    return Plan.of(List.of(new Allocation(at.id(), quantity, sourcing, transferTo, distanceKm)));
  }
}
