/** The admin API: company profiles and company API keys, behind the admin token. */
package io.chatrelay.gateway.admin;
