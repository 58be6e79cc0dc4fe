/*
 * A Kafka cluster for tests: librdkafka's mock cluster, which speaks the real protocol.
 *
 * Usage: kafka-mock [BROKERS]   (default 3)
 * Prints the bootstrap servers on the first line of stdout, then serves until stdin closes
 * (so a parent that dies never leaves it running) or a signal ends it. Commands on stdin,
 * one a line, each answered by one line ("ok" or "error: ..."):
 *   topic NAME PARTITIONS   create a topic (replication min(3, BROKERS))
 *   down BROKER_ID          close the broker's connections and refuse new ones
 *   up BROKER_ID            accept connections again
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

static void answer(rd_kafka_resp_err_t err) {
  if (err) printf("error: %s\n", rd_kafka_err2str(err));
  else printf("ok\n");
  fflush(stdout);
}

int main(int argc, char **argv) {
  int brokers = argc > 1 ? atoi(argv[1]) : 3;
  char errstr[512], line[512], name[256];
  int number;
  if (brokers < 1 || brokers > 9) {
    fprintf(stderr, "kafka-mock: BROKERS must be 1..9, got '%s'\n", argv[1]);
    return 2;
  }
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  /* The handle only hosts the cluster: silence its warning about having no bootstrap servers. */
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof(errstr));
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
  if (!rk) {
    fprintf(stderr, "kafka-mock: %s\n", errstr);
    return 1;
  }
  rd_kafka_mock_cluster_t *cluster = rd_kafka_mock_cluster_new(rk, brokers);
  if (!cluster) {
    fprintf(stderr, "kafka-mock: could not create a mock cluster of %d brokers\n", brokers);
    return 1;
  }
  printf("%s\n", rd_kafka_mock_cluster_bootstraps(cluster));
  fflush(stdout);
  while (fgets(line, sizeof(line), stdin)) {
    if (sscanf(line, "topic %255s %d", name, &number) == 2)
      answer(rd_kafka_mock_topic_create(cluster, name, number, brokers < 3 ? brokers : 3));
    else if (sscanf(line, "down %d", &number) == 1)
      answer(rd_kafka_mock_broker_set_down(cluster, number));
    else if (sscanf(line, "up %d", &number) == 1)
      answer(rd_kafka_mock_broker_set_up(cluster, number));
    else {
      printf("error: unknown command; allowed: topic NAME PARTITIONS | down ID | up ID\n");
      fflush(stdout);
    }
  }
  rd_kafka_mock_cluster_destroy(cluster);
  rd_kafka_destroy(rk);
  return 0;
}
