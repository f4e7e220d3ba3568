"""Event semantics: which events producers emit and which patterns and filters they pass.

The one place for what an event means, free of cloud SDKs (pulumi core and pydantic only):

- :mod:`.eventbridge_patterns`: EventBridge event patterns on plain JSON: ``validate_pattern``,
  ``pattern_matches`` (strict) and ``conditions_may_match`` (lenient, for patterns a policy
  cannot trust), pinned to Alibaba's documentation and Apache RocketMQ EventBridge's engine
  (``NOT_FOLLOWED`` lists where they differ and why). ``eventing_platform.alicloud.EventPattern``/
  ``Match`` are built on it.
- :mod:`.eventbridge_values`: how EventBridge reads JSON values: numbers by their text
  (``loads_keeping_number_text``, ``number_text``) and IPv4 blocks without their network and
  broadcast addresses (``ip_matches``).
- :mod:`.oss_events`: OSS object events: ``OSS_SOURCE``, the type lists (``OBJECT_CREATED_TYPES``,
  ``WRITE_EVENT_TYPES``, ...) and ``oss_object_event`` (the CloudEvent EventBridge delivers).
- :mod:`.gcs_events`: Cloud Storage object events: ``STORAGE_EVENT_TYPES``,
  ``GCS_WRITE_EVENT_TYPES``, ``storage_object_event``.
- :mod:`.side_effects`: ``SideEffects`` (writes, replies, publishes), the model of the
  ``eventing-platform.dev/side-effects`` annotation, and its one parser ``SideEffects.from_json``.
- :mod:`.object_writes`: the one answer to "can these writes produce an event this pattern
  matches?": ``WriteScope`` -> ``write_witnesses`` / ``iter_write_witnesses`` /
  ``writes_may_match``.
- :mod:`.loop_guard`: ``oss_write_loops`` and ``EventLoopError``, the pre-registration loop check
  of a stack.
"""
