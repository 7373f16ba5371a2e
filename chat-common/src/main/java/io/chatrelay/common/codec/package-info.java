/** The JSON form of the wire records (Jackson 3, snake_case, tolerant of unknown fields). */
package io.chatrelay.common.codec;
