#pragma once

#include <QtGlobal>

namespace camchat::inference {

// Turns Nagle's algorithm off (TCP_NODELAY) on this process's TCP sockets whose peer
// listens on `port`, and so sends at once whatever they hold back.
//
// Why: QNetworkAccessManager writes a request body in 16 KiB pieces, on a socket without
// TCP_NODELAY that it does not let us reach. Under Nagle's algorithm (Linux uses Minshall's
// variant) a piece smaller than a segment waits until the one before it is acknowledged,
// and a server that delays its ACKs (Linux: up to 40 ms) holds the end of an image upload
// back by that much. Measured on loopback against llama-server: 47 ms of camchat's time to
// first token, 2.7 ms with this.
//
// Linux only (reads /proc/self/fd). A socket to another host on the same port is switched
// too, which does no harm. Returns how many sockets it switched.
int sendWithoutDelay(quint16 port);

} // namespace camchat::inference
