/**
 * The threadgraph command runs as a production server unless NODE_ENV says otherwise. graphql-js
 * reads NODE_ENV once, when it is loaded, and outside production runs every type test through a
 * check for a second copy of itself: a fifth of the server's time on a 20 000-unit change impact.
 * So this module is the command's first import.
 */
process.env.NODE_ENV ??= 'production';
