/** The trainer over HTTP: its status, and the control operations (pause, resume, publish, promote, roll back). */
package dev.freshet.training.rest;
