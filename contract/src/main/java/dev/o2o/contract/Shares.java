package dev.o2o.contract;

/** The credit one touch or campaign earned under each {@link AttributionModel}, from 0 to 1. */
public record Shares(double first, double last, double linear, double timeDecay) {
  public static final Shares NONE = new Shares(0, 0, 0, 0);

  public double of(AttributionModel model) {
    return switch (model) {
      case FIRST -> first;
      case LAST -> last;
      case LINEAR -> linear;
      case TIME_DECAY -> timeDecay;
    };
  }

  /** The same credit taken back, so that adding both gives nothing. */
  public Shares negated() {
    return new Shares(-first, -last, -linear, -timeDecay);
  }

  public Shares plus(Shares other) {
    return new Shares(
        first + other.first, last + other.last, linear + other.linear, timeDecay + other.timeDecay);
  }
}
