package dev.o2o.contract;

/** A point on earth in decimal degrees, such as where an online order is shipped to. */
public record Coordinates(double latitude, double longitude) {
  public Coordinates {
    if (!(latitude >= -90 && latitude <= 90)) {
      throw new InvalidEventException("latitude must be -90 to 90 but was " + latitude);
    }
    if (!(longitude >= -180 && longitude <= 180)) {
      throw new InvalidEventException("longitude must be -180 to 180 but was " + longitude);
    }
  }
}
