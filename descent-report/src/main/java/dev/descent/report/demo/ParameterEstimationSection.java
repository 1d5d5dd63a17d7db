package dev.descent.report.demo;
final class ParameterEstimationSection { static dev.descent.report.Section build(DemoContext ctx) { return new dev.descent.report.Section("parameterestimationsection", "ParameterEstimationSection", "<p>stub</p>", "", java.util.List.of()); } }
