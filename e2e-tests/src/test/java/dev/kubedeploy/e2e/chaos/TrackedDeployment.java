package dev.kubedeploy.e2e.chaos;

/** A deployment the churn created, and what its acknowledged writes say it must be. */
final class TrackedDeployment {

  final String uid;
  final Expectation<String> greeting;
  final Expectation<Integer> replicas;
  final Expectation<Long> template;
  final Expectation<Boolean> deleted = new Expectation<>(false);

  TrackedDeployment(String uid, String greeting, int replicas, long template) {
    this.uid = uid;
    this.greeting = new Expectation<>(greeting);
    this.replicas = new Expectation<>(replicas);
    this.template = new Expectation<>(template);
  }
}
