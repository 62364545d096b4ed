package dev.o2o.contract;

/** One brand policy rule a campaign breaks, and how, in words a marketer can act on. */
public record PolicyBreach(PolicyRule rule, String detail) {
  public PolicyBreach {
    Require.present(rule, "rule");
    Require.text(detail, "detail", 500);
  }
}
