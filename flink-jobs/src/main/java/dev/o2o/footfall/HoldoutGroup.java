package dev.o2o.footfall;

/** Which side of a campaign's holdout a member is on. */
public enum HoldoutGroup {
  EXPOSED,
  CONTROL
}
