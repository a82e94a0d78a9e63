// Every test must be able to fail: one that runs to its end without a single assertion fails instead
// of passing for nothing (STYLE: "A test that asserts nothing is a defect").
beforeEach(() => {
  expect.hasAssertions();
});
