/** Running the three packaged services as local processes beside the local servers. */
package dev.freshet.demo.run;
