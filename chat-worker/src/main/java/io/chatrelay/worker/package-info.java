/** The worker application: runs chat requests through the upstream lifecycle, one package per feature below this one. */
package io.chatrelay.worker;
