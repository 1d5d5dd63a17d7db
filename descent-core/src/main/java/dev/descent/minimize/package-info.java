/**
 * The minimization loop: any optimizer, any objective, any stopping criterion. It always asks the
 * optimizer where to evaluate the gradient, so the book's look-ahead Nesterov forms run as
 * written.
 */
package dev.descent.minimize;
