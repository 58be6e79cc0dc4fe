export { type AlertSlackChannel, AlertTopic, type AlertTopicProps } from './AlertTopic';
