import { ConsoleLogger } from '@nestjs/common';

/** Nest's start-up bookkeeping: a line for every module, controller and route. */
const START_UP = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/**
 * Nest's JSON console logger, with its start-up bookkeeping (some seventy lines, one a route) at debug
 * rather than info: at info a start says only that the application started, and the lines an operator
 * or a newcomer to the demo needs are not lost among them.
 */
export class ServerLogger extends ConsoleLogger {
  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    if (typeof context === 'string' && START_UP.has(context)) super.debug(message, ...rest);
    else super.log(message, ...rest);
  }
}
