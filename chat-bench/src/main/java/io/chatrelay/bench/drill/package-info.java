/** Fault drills: break one part of the system under steady load, then prove that no request was lost or doubled. */
package io.chatrelay.bench.drill;
