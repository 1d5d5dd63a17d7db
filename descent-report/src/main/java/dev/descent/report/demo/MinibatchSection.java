package dev.descent.report.demo;
final class MinibatchSection { static dev.descent.report.Section build(DemoContext ctx) { return new dev.descent.report.Section("minibatchsection", "MinibatchSection", "<p>stub</p>", "", java.util.List.of()); } }
