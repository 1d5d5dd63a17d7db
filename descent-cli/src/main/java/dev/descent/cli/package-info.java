/**
 * The {@code descent} command line (picocli): one class per subcommand below
 * {@link dev.descent.cli.DescentCommand}. Nothing in the library depends on this package.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Exit codes: 0 success; 1 the command ran and found a failure; 2 bad usage or invalid input.</li>
 *   <li>Results go to stdout, progress and problems to stderr, each problem prefixed
 *       {@code descent <command>:}.</li>
 * </ul>
 */
package dev.descent.cli;
