import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { JobCommandHandler, JobStarter } from './commands/job.command';
import { WriteCommandHandler } from './commands/write.command';
import {
  ImportActionsHandler,
  ImportMeetingsHandler,
  ImportOutcomesHandler,
  ImportMilestonesHandler,
  ImportPairsHandler,
  ImportParticipantsHandler,
  ImportReflectionsHandler,
  UndoImportHandler,
} from './commands/imports.command';
import { CohortsController } from './controllers/cohorts.controller';
import { OperationsController } from './controllers/operations.controller';
import { PairsController } from './controllers/pairs.controller';
import { ParticipantsController } from './controllers/participants.controller';
import { UsersController } from './controllers/users.controller';
import { AuditController } from './controllers/audit.controller';
import { CaseStudiesController } from './controllers/case-studies.controller';
import { PersonalDataController } from './controllers/personal-data.controller';
import { EvaluationController } from './controllers/evaluation.controller';
import { ProjectionsController } from './controllers/projections.controller';
import { ReadsController } from './controllers/reads.controller';
import { ReportsController } from './controllers/reports.controller';
import { ErrorFilter } from './http/error.filter';
import { KnownQueryGuard } from './http/known-query.guard';
import { Writer } from './http/writer';
import { ReadQueryHandler, Reader } from './queries/read.query';
import { AuthGuard } from './identity/auth.guard';
import { API_RUNTIME, type ApiRuntime } from './runtime';

/** The HTTP edge: thin controllers that map requests to commands and queries, over one runtime built outside Nest. */
@Module({})
export class AppModule {
  static register(runtime: ApiRuntime): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot()],
      controllers: [
        OperationsController,
        UsersController,
        CohortsController,
        ParticipantsController,
        PairsController,
        ReadsController,
        EvaluationController,
        ProjectionsController,
        ReportsController,
        AuditController,
        CaseStudiesController,
        PersonalDataController,
      ],
      providers: [
        { provide: API_RUNTIME, useValue: runtime },
        { provide: APP_GUARD, useClass: AuthGuard },
        // After authentication, so a caller without a token learns that first.
        { provide: APP_GUARD, useClass: KnownQueryGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        Writer,
        WriteCommandHandler,
        Reader,
        ReadQueryHandler,
        ImportParticipantsHandler,
        ImportPairsHandler,
        ImportMeetingsHandler,
        ImportActionsHandler,
        ImportReflectionsHandler,
        ImportOutcomesHandler,
        ImportMilestonesHandler,
        UndoImportHandler,
        JobStarter,
        JobCommandHandler,
      ],
    };
  }
}
